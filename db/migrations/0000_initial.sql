CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"staff_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"phone_number" text,
	"client_identity" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_username_unique" UNIQUE("username"),
	CONSTRAINT "staff_role_check" CHECK ("staff"."role" in ('agent', 'supervisor', 'director', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "customer_phone_numbers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"e164" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_phone_numbers_customer_e164_unique" UNIQUE("customer_id","e164")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"reference" text,
	"communication_needs" text,
	"language" text DEFAULT 'en-GB' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_reference_unique" UNIQUE("reference"),
	CONSTRAINT "customers_language_check" CHECK ("customers"."language" in ('en-GB', 'cy-GB'))
);
--> statement-breakpoint
CREATE TABLE "contact_strategies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"prior_warnings" jsonb NOT NULL,
	"all_contact" boolean DEFAULT false NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"review_at" timestamp with time zone NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"authorised_by" uuid,
	"authorised_at" timestamp with time zone,
	"authorisation_rationale" text,
	"rejected_by" uuid,
	"rejected_at" timestamp with time zone,
	"rejection_reason" text,
	"notification_sent_at" timestamp with time zone,
	"notification_channel" text,
	"notification_reference" text,
	"notification_recorded_by" uuid,
	"lifted_by" uuid,
	"lifted_at" timestamp with time zone,
	"lift_reason" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_strategies_status_check" CHECK ("contact_strategies"."status" in ('proposed', 'authorised', 'rejected', 'lifted', 'expired', 'lapsed'))
);
--> statement-breakpoint
CREATE TABLE "restrictions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"strategy_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"type" text NOT NULL,
	"settings" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strategy_appeals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"strategy_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"summary" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"outcome" text,
	"reasons" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "strategy_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"strategy_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"notes" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL,
	"reviewed_by" uuid NOT NULL,
	"next_review_at" timestamp with time zone,
	"restrictions_before" jsonb NOT NULL,
	"restrictions_after" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "breaches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"call_sid" text NOT NULL,
	"strategy_id" uuid NOT NULL,
	"customer_id" uuid,
	"restriction_type" text NOT NULL,
	"detail" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"acknowledgement_note" text,
	CONSTRAINT "breaches_call_strategy_type_unique" UNIQUE("call_sid","strategy_id","restriction_type")
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"call_sid" text PRIMARY KEY NOT NULL,
	"account_sid" text NOT NULL,
	"caller_e164" text,
	"caller_withheld" boolean DEFAULT false NOT NULL,
	"to_number" text NOT NULL,
	"customer_id" uuid,
	"strategy_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decision_kind" text NOT NULL,
	"decision" jsonb,
	"outcome" text NOT NULL,
	"status" text NOT NULL,
	"status_progress" integer DEFAULT 0 NOT NULL,
	"duration_seconds" integer,
	"answered_by" text,
	"recording_url" text,
	"recording_sid" text,
	"emergency_bypass_at" timestamp with time zone,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_suggestions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid,
	"caller_e164" text,
	"termination_ids" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "terminated_calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"call_sid" text NOT NULL,
	"customer_id" uuid,
	"caller_e164" text,
	"staff_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"details" text NOT NULL,
	"warned" boolean NOT NULL,
	"warned_at" timestamp with time zone,
	"justification" text,
	"end_state" text NOT NULL,
	"serious" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"acknowledgement_note" text,
	"incident_action" text,
	"incident_resolved_by" uuid,
	"incident_resolved_at" timestamp with time zone,
	CONSTRAINT "terminated_calls_call_sid_unique" UNIQUE("call_sid")
);
--> statement-breakpoint
CREATE TABLE "voicemails" (
	"id" uuid PRIMARY KEY NOT NULL,
	"call_sid" text NOT NULL,
	"customer_id" uuid,
	"staff_id" uuid NOT NULL,
	"recording_sid" text,
	"recording_url" text,
	"duration_seconds" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "voicemails_call_sid_unique" UNIQUE("call_sid")
);
--> statement-breakpoint
CREATE TABLE "audit_chain_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"last_event_id" bigint NOT NULL,
	"last_hash" text NOT NULL,
	"events" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_username" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_events_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_phone_numbers" ADD CONSTRAINT "customer_phone_numbers_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_strategies" ADD CONSTRAINT "contact_strategies_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_strategies" ADD CONSTRAINT "contact_strategies_proposed_by_staff_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_strategies" ADD CONSTRAINT "contact_strategies_authorised_by_staff_id_fk" FOREIGN KEY ("authorised_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_strategies" ADD CONSTRAINT "contact_strategies_rejected_by_staff_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_strategies" ADD CONSTRAINT "contact_strategies_notification_recorded_by_staff_id_fk" FOREIGN KEY ("notification_recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_strategies" ADD CONSTRAINT "contact_strategies_lifted_by_staff_id_fk" FOREIGN KEY ("lifted_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "restrictions" ADD CONSTRAINT "restrictions_strategy_id_contact_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "public"."contact_strategies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_appeals" ADD CONSTRAINT "strategy_appeals_strategy_id_contact_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "public"."contact_strategies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_appeals" ADD CONSTRAINT "strategy_appeals_recorded_by_staff_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_appeals" ADD CONSTRAINT "strategy_appeals_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_reviews" ADD CONSTRAINT "strategy_reviews_strategy_id_contact_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "public"."contact_strategies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_reviews" ADD CONSTRAINT "strategy_reviews_reviewed_by_staff_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breaches" ADD CONSTRAINT "breaches_call_sid_calls_call_sid_fk" FOREIGN KEY ("call_sid") REFERENCES "public"."calls"("call_sid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breaches" ADD CONSTRAINT "breaches_strategy_id_contact_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "public"."contact_strategies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breaches" ADD CONSTRAINT "breaches_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breaches" ADD CONSTRAINT "breaches_acknowledged_by_staff_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_suggestions" ADD CONSTRAINT "escalation_suggestions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_suggestions" ADD CONSTRAINT "escalation_suggestions_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terminated_calls" ADD CONSTRAINT "terminated_calls_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terminated_calls" ADD CONSTRAINT "terminated_calls_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terminated_calls" ADD CONSTRAINT "terminated_calls_acknowledged_by_staff_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terminated_calls" ADD CONSTRAINT "terminated_calls_incident_resolved_by_staff_id_fk" FOREIGN KEY ("incident_resolved_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voicemails" ADD CONSTRAINT "voicemails_call_sid_calls_call_sid_fk" FOREIGN KEY ("call_sid") REFERENCES "public"."calls"("call_sid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voicemails" ADD CONSTRAINT "voicemails_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voicemails" ADD CONSTRAINT "voicemails_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_staff_idx" ON "sessions" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "customer_phone_numbers_e164_idx" ON "customer_phone_numbers" USING btree ("e164");--> statement-breakpoint
CREATE INDEX "contact_strategies_customer_idx" ON "contact_strategies" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "contact_strategies_status_idx" ON "contact_strategies" USING btree ("status");--> statement-breakpoint
CREATE INDEX "restrictions_strategy_idx" ON "restrictions" USING btree ("strategy_id","position");--> statement-breakpoint
CREATE INDEX "strategy_appeals_strategy_idx" ON "strategy_appeals" USING btree ("strategy_id","received_at");--> statement-breakpoint
CREATE INDEX "strategy_reviews_strategy_idx" ON "strategy_reviews" USING btree ("strategy_id","reviewed_at");--> statement-breakpoint
CREATE INDEX "breaches_customer_idx" ON "breaches" USING btree ("customer_id","occurred_at");--> statement-breakpoint
CREATE INDEX "breaches_strategy_idx" ON "breaches" USING btree ("strategy_id","occurred_at");--> statement-breakpoint
CREATE INDEX "breaches_call_idx" ON "breaches" USING btree ("call_sid");--> statement-breakpoint
CREATE INDEX "calls_customer_started_idx" ON "calls" USING btree ("customer_id","started_at");--> statement-breakpoint
CREATE INDEX "calls_caller_started_idx" ON "calls" USING btree ("caller_e164","started_at");--> statement-breakpoint
CREATE INDEX "calls_started_idx" ON "calls" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "escalation_suggestions_status_idx" ON "escalation_suggestions" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "terminated_calls_customer_idx" ON "terminated_calls" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "terminated_calls_caller_idx" ON "terminated_calls" USING btree ("caller_e164","created_at");--> statement-breakpoint
CREATE INDEX "voicemails_staff_idx" ON "voicemails" USING btree ("staff_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id","id");