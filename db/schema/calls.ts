import { boolean, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import type { CallDecision } from '../../src/core/call-decision/call-decision.js';
import type { E164 } from '../../src/core/phone-number.js';
import type { PanelTermination, TerminationReason } from '../../src/panel/panel.protocol.js';
import { at, createdAt, id } from './columns.js';
import { customers } from './customers.js';
import { contactStrategies } from './strategies.js';
import { staff } from './staff.js';

/** One row per Twilio call, keyed by CallSid so retries and duplicate callbacks converge on it. */
export const calls = pgTable(
  'calls',
  {
    callSid: text('call_sid').primaryKey(),
    accountSid: text('account_sid').notNull(),
    callerE164: text('caller_e164').$type<E164>(),
    callerWithheld: boolean('caller_withheld').notNull().default(false),
    toNumber: text('to_number').notNull(),
    customerId: uuid('customer_id').references(() => customers.id),
    strategyIds: jsonb('strategy_ids').$type<string[]>().notNull().default([]),
    decisionKind: text('decision_kind').notNull(),
    // Null until the incoming webhook is recorded (a status callback can arrive first).
    decision: jsonb('decision').$type<CallDecision>(),
    outcome: text('outcome').notNull(),
    status: text('status').notNull(),
    // Rank of the status, then Twilio's SequenceNumber: a callback only applies if it moves this forward,
    // so duplicates and late arrivals never undo a terminal status.
    statusProgress: integer('status_progress').notNull().default(0),
    durationSeconds: integer('duration_seconds'),
    answeredBy: text('answered_by'),
    recordingUrl: text('recording_url'),
    recordingSid: text('recording_sid'),
    emergencyBypassAt: at('emergency_bypass_at'),
    startedAt: at('started_at').notNull(),
    endedAt: at('ended_at'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('calls_customer_started_idx').on(t.customerId, t.startedAt),
    index('calls_caller_started_idx').on(t.callerE164, t.startedAt),
    index('calls_started_idx').on(t.startedAt),
  ],
);

export const breaches = pgTable(
  'breaches',
  {
    id: id(),
    callSid: text('call_sid')
      .notNull()
      .references(() => calls.callSid, { onDelete: 'cascade' }),
    strategyId: uuid('strategy_id')
      .notNull()
      .references(() => contactStrategies.id),
    customerId: uuid('customer_id').references(() => customers.id),
    restrictionType: text('restriction_type').notNull(),
    detail: text('detail').notNull(),
    occurredAt: at('occurred_at').notNull(),
    acknowledgedBy: uuid('acknowledged_by').references(() => staff.id),
    acknowledgedAt: at('acknowledged_at'),
    acknowledgementNote: text('acknowledgement_note'),
  },
  (t) => [
    // A retried webhook for the same call records its breaches once.
    unique('breaches_call_strategy_type_unique').on(t.callSid, t.strategyId, t.restrictionType),
    index('breaches_customer_idx').on(t.customerId, t.occurredAt),
    index('breaches_strategy_idx').on(t.strategyId, t.occurredAt),
    index('breaches_call_idx').on(t.callSid),
  ],
);

/** A message left for a single point of contact who could not take the call (linked to customer and SPOC). */
export const voicemails = pgTable(
  'voicemails',
  {
    id: id(),
    callSid: text('call_sid')
      .notNull()
      .unique()
      .references(() => calls.callSid, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').references(() => customers.id),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    recordingSid: text('recording_sid'),
    recordingUrl: text('recording_url'),
    durationSeconds: integer('duration_seconds'),
    createdAt: createdAt(),
  },
  (t) => [index('voicemails_staff_idx').on(t.staffId, t.createdAt)],
);

export const terminatedCalls = pgTable(
  'terminated_calls',
  {
    id: id(),
    callSid: text('call_sid').notNull().unique(),
    customerId: uuid('customer_id').references(() => customers.id),
    callerE164: text('caller_e164'),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    reason: text('reason').$type<TerminationReason>().notNull(),
    details: text('details').notNull(),
    warned: boolean('warned').notNull(),
    warnedAt: at('warned_at'),
    // Why the caller was not warned first (R1); not needed for a threat of violence.
    justification: text('justification'),
    // ended | already_ended | end_requested_unconfirmed | logged_after_call
    endState: text('end_state').$type<PanelTermination['endState']>().notNull(),
    serious: boolean('serious').notNull().default(false),
    createdAt: createdAt(),
    acknowledgedBy: uuid('acknowledged_by').references(() => staff.id),
    acknowledgedAt: at('acknowledged_at'),
    acknowledgementNote: text('acknowledgement_note'),
    // R14: what was done about a threat (e.g. reported to the police); a serious incident stays open until then.
    incidentAction: text('incident_action'),
    incidentResolvedBy: uuid('incident_resolved_by').references(() => staff.id),
    incidentResolvedAt: at('incident_resolved_at'),
  },
  (t) => [
    index('terminated_calls_customer_idx').on(t.customerId, t.createdAt),
    index('terminated_calls_caller_idx').on(t.callerE164, t.createdAt),
  ],
);

/** R3: a caller with repeated terminated calls and no bar, put to supervisors with the evidence. */
export const escalationSuggestions = pgTable(
  'escalation_suggestions',
  {
    id: id(),
    customerId: uuid('customer_id').references(() => customers.id),
    callerE164: text('caller_e164').$type<E164>(),
    terminationIds: jsonb('termination_ids').$type<string[]>().notNull(),
    status: text('status', { enum: ['open', 'accepted', 'dismissed'] }).notNull().default('open'),
    createdAt: createdAt(),
    decidedBy: uuid('decided_by').references(() => staff.id),
    decidedAt: at('decided_at'),
    note: text('note'),
  },
  (t) => [index('escalation_suggestions_status_idx').on(t.status, t.createdAt)],
);
