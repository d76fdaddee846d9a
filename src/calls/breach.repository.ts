import { and, desc, eq, gte, isNotNull, isNull, lte, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { breaches, calls } from '../../db/schema/index.js';

export interface BreachRecord {
  id: string;
  callSid: string;
  strategyId: string;
  customerId: string | null;
  callerE164: string | null;
  restrictionType: string;
  detail: string;
  occurredAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  acknowledgementNote: string | null;
}

export interface BreachFilter {
  customerId?: string | undefined;
  strategyId?: string | undefined;
  acknowledged?: boolean | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  limit: number;
  offset: number;
}

export async function listBreaches(ex: Executor, filter: BreachFilter): Promise<BreachRecord[]> {
  const conditions: SQL[] = [];
  if (filter.customerId) conditions.push(eq(breaches.customerId, filter.customerId));
  if (filter.strategyId) conditions.push(eq(breaches.strategyId, filter.strategyId));
  if (filter.since) conditions.push(gte(breaches.occurredAt, filter.since));
  if (filter.until) conditions.push(lte(breaches.occurredAt, filter.until));
  if (filter.acknowledged !== undefined) conditions.push(filter.acknowledged ? isNotNull(breaches.acknowledgedAt) : isNull(breaches.acknowledgedAt));
  return selectBreaches(ex)
    .where(and(...conditions))
    .orderBy(desc(breaches.occurredAt), desc(breaches.id))
    .limit(filter.limit)
    .offset(filter.offset);
}

export async function findBreach(ex: Executor, id: string): Promise<BreachRecord | null> {
  const [row] = await selectBreaches(ex).where(eq(breaches.id, id)).limit(1);
  return row ?? null;
}

function selectBreaches(ex: Executor) {
  return ex
    .select({
      id: breaches.id,
      callSid: breaches.callSid,
      strategyId: breaches.strategyId,
      customerId: breaches.customerId,
      callerE164: calls.callerE164,
      restrictionType: breaches.restrictionType,
      detail: breaches.detail,
      occurredAt: breaches.occurredAt,
      acknowledgedBy: breaches.acknowledgedBy,
      acknowledgedAt: breaches.acknowledgedAt,
      acknowledgementNote: breaches.acknowledgementNote,
    })
    .from(breaches)
    .innerJoin(calls, eq(calls.callSid, breaches.callSid))
    .$dynamic();
}
