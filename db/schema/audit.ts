import { bigint, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns.js';

/** Append-only record of every change (R12): who, when, what, before and after. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: at('occurred_at').notNull(),
    actorId: uuid('actor_id'),
    actorUsername: text('actor_username'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>(),
    // Each event carries the hash of the one before it, so an edit or a deletion breaks the chain (R12).
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull().unique(),
  },
  (t) => [index('audit_events_entity_idx').on(t.entityType, t.entityId, t.id)],
);

/** The newest event's hash, updated with every insert: deleting the last events would otherwise leave no trace. */
export const auditChainHead = pgTable('audit_chain_head', {
  id: integer('id').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
  events: bigint('events', { mode: 'number' }).notNull(),
});

/** Panel events too large for a NOTIFY payload (8000 bytes) travel by id through this table. */
export const panelEvents = pgTable('panel_events', {
  id: uuid('id').primaryKey(),
  payload: jsonb('payload').$type<unknown>().notNull(),
  createdAt: at('created_at').notNull(),
});
