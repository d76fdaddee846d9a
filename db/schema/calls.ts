import { boolean, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
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
    callerE164: text('caller_e164'),
    callerWithheld: boolean('caller_withheld').notNull().default(false),
    toNumber: text('to_number').notNull(),
    customerId: uuid('customer_id').references(() => customers.id),
    strategyIds: jsonb('strategy_ids').$type<string[]>().notNull().default([]),
    decisionKind: text('decision_kind').notNull(),
    decision: jsonb('decision').$type<Record<string, unknown>>().notNull(),
    outcome: text('outcome').notNull(),
    status: text('status').notNull(),
    statusSequence: integer('status_sequence').notNull().default(-1),
    durationSeconds: integer('duration_seconds'),
    answeredBy: text('answered_by'),
    recordingUrl: text('recording_url'),
    recordingSid: text('recording_sid'),
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
    index('breaches_customer_idx').on(t.customerId, t.occurredAt),
    index('breaches_strategy_idx').on(t.strategyId, t.occurredAt),
    index('breaches_call_idx').on(t.callSid),
  ],
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
    reason: text('reason').notNull(),
    details: text('details').notNull(),
    warned: boolean('warned').notNull(),
    warnedAt: at('warned_at'),
    endState: text('end_state').notNull(),
    createdAt: createdAt(),
    acknowledgedBy: uuid('acknowledged_by').references(() => staff.id),
    acknowledgedAt: at('acknowledged_at'),
    acknowledgementNote: text('acknowledgement_note'),
  },
  (t) => [
    index('terminated_calls_customer_idx').on(t.customerId, t.createdAt),
    index('terminated_calls_caller_idx').on(t.callerE164, t.createdAt),
  ],
);
