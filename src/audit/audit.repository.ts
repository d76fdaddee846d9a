import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { auditChainHead, auditEvents } from '../../db/schema/index.js';
import { GENESIS_HASH, hashEvent, type ChainedEvent } from './audit-chain.js';
import type { Actor } from '../core/roles.js';

export type AuditEntityType = 'staff' | 'session' | 'customer' | 'strategy' | 'call' | 'breach' | 'termination' | 'retention';

export interface AuditEventInput {
  actor: Pick<Actor, 'id' | 'username'> | null;
  action: string;
  entityType: AuditEntityType;
  entityId: string;
  before: unknown;
  after: unknown;
  at: Date;
}

/** An event as listed: the stored fields, the same ones the chain verifier checks. */
export type AuditEvent = ChainedEvent;

// One lock for the whole trail: each event's hash depends on the one before, so writers take turns.
const AUDIT_CHAIN_LOCK = 72_021_012;

/** Called inside the transaction of the change it describes, so a change never lands without its record (R12). */
export async function recordAuditEvent(ex: Executor, event: AuditEventInput): Promise<void> {
  await ex.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const [head] = await tx.select().from(auditChainHead).where(eq(auditChainHead.id, 1)).limit(1);
    const fields = {
      occurredAt: event.at,
      actorId: event.actor?.id ?? null,
      actorUsername: event.actor?.username ?? null,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      before: toJson(event.before),
      after: toJson(event.after),
      prevHash: head?.lastHash ?? GENESIS_HASH,
    };
    const hash = hashEvent(fields);
    const [inserted] = await tx.insert(auditEvents).values({ ...fields, hash }).returning({ id: auditEvents.id });
    if (!inserted) throw new Error('audit insert returned no row');
    const next = { lastEventId: inserted.id, lastHash: hash, events: (head?.events ?? 0) + 1 };
    await tx.insert(auditChainHead).values({ id: 1, ...next }).onConflictDoUpdate({ target: auditChainHead.id, set: next });
  });
}

export interface AuditQuery {
  entityType?: string | undefined;
  entityId?: string | undefined;
  afterId?: number | undefined;
  limit: number;
}

export async function listAuditEvents(ex: Executor, query: AuditQuery): Promise<AuditEvent[]> {
  const conditions: SQL[] = [];
  if (query.entityType) conditions.push(eq(auditEvents.entityType, query.entityType));
  if (query.entityId) conditions.push(eq(auditEvents.entityId, query.entityId));
  if (query.afterId !== undefined) conditions.push(gt(auditEvents.id, query.afterId));
  return ex
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(asc(auditEvents.id))
    .limit(query.limit);
}

/** Dates become ISO strings so before/after read the same as the API showed them. */
function toJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
