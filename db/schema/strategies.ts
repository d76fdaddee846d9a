import { boolean, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { PriorWarning, StrategyStatus } from '../../src/core/contact-strategy.js';
import type { Restriction } from '../../src/core/restriction.js';
import { at, createdAt, id, updatedAt } from './columns.js';
import { customers } from './customers.js';
import { staff } from './staff.js';

export const contactStrategies = pgTable(
  'contact_strategies',
  {
    id: id(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    status: text('status').$type<StrategyStatus>().notNull(),
    reason: text('reason').notNull(),
    priorWarnings: jsonb('prior_warnings').$type<PriorWarning[]>().notNull(),
    allContact: boolean('all_contact').notNull().default(false),
    urgent: boolean('urgent').notNull().default(false),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at'),
    reviewAt: at('review_at').notNull(),
    proposedBy: uuid('proposed_by')
      .notNull()
      .references(() => staff.id),
    proposedAt: at('proposed_at').notNull(),
    authorisedBy: uuid('authorised_by').references(() => staff.id),
    authorisedAt: at('authorised_at'),
    authorisationRationale: text('authorisation_rationale'),
    rejectedBy: uuid('rejected_by').references(() => staff.id),
    rejectedAt: at('rejected_at'),
    rejectionReason: text('rejection_reason'),
    notificationSentAt: at('notification_sent_at'),
    notificationChannel: text('notification_channel', { enum: ['letter', 'email', 'both'] }),
    notificationReference: text('notification_reference'),
    notificationRecordedBy: uuid('notification_recorded_by').references(() => staff.id),
    liftedBy: uuid('lifted_by').references(() => staff.id),
    liftedAt: at('lifted_at'),
    liftReason: text('lift_reason'),
    // When an authorised strategy stopped by itself: its end date passed (expired) or its review was missed (lapsed).
    closedAt: at('closed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('contact_strategies_customer_idx').on(t.customerId),
    index('contact_strategies_status_idx').on(t.status),
    check(
      'contact_strategies_status_check',
      sql`${t.status} in ('proposed', 'authorised', 'rejected', 'lifted', 'expired', 'lapsed')`,
    ),
  ],
);

/** One row per restriction; `settings` holds the type's own fields, validated by the restriction schema. */
export const restrictions = pgTable(
  'restrictions',
  {
    id: id(),
    strategyId: uuid('strategy_id')
      .notNull()
      .references(() => contactStrategies.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    type: text('type').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('restrictions_strategy_idx').on(t.strategyId, t.position)],
);

export const REVIEW_OUTCOMES = ['continue', 'ease', 'tighten', 'lift'] as const;

/** A periodic review (R9): the outcome, and the restrictions before and after an ease or tighten. */
export const strategyReviews = pgTable(
  'strategy_reviews',
  {
    id: id(),
    strategyId: uuid('strategy_id')
      .notNull()
      .references(() => contactStrategies.id),
    outcome: text('outcome', { enum: REVIEW_OUTCOMES }).notNull(),
    notes: text('notes').notNull(),
    dueAt: at('due_at').notNull(),
    reviewedAt: at('reviewed_at').notNull(),
    reviewedBy: uuid('reviewed_by')
      .notNull()
      .references(() => staff.id),
    nextReviewAt: at('next_review_at'),
    restrictionsBefore: jsonb('restrictions_before').$type<Restriction[]>().notNull(),
    restrictionsAfter: jsonb('restrictions_after').$type<Restriction[]>().notNull(),
  },
  (t) => [index('strategy_reviews_strategy_idx').on(t.strategyId, t.reviewedAt)],
);

export const APPEAL_OUTCOMES = ['uphold', 'ease', 'lift'] as const;

/** A customer's challenge to a strategy, decided by someone who neither proposed nor authorised it. */
export const strategyAppeals = pgTable(
  'strategy_appeals',
  {
    id: id(),
    strategyId: uuid('strategy_id')
      .notNull()
      .references(() => contactStrategies.id),
    receivedAt: at('received_at').notNull(),
    summary: text('summary').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => staff.id),
    recordedAt: at('recorded_at').notNull(),
    outcome: text('outcome', { enum: APPEAL_OUTCOMES }),
    reasons: text('reasons'),
    decidedBy: uuid('decided_by').references(() => staff.id),
    decidedAt: at('decided_at'),
  },
  (t) => [index('strategy_appeals_strategy_idx').on(t.strategyId, t.receivedAt)],
);
