import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { contactStrategies, restrictions } from '../../db/schema/index.js';
import { DEFAULT_LAPSE_AFTER_DAYS, type ContactStrategy, type StrategyStatus } from '../core/contact-strategy.js';
import { restrictionSchema, type Restriction } from '../core/restriction.js';

type StrategyRow = typeof contactStrategies.$inferSelect;
export type NewStrategyRow = typeof contactStrategies.$inferInsert;
export type StrategyPatch = Partial<Omit<NewStrategyRow, 'id' | 'customerId' | 'createdAt'>>;

export async function insertStrategy(ex: Executor, row: NewStrategyRow, list: readonly Restriction[]): Promise<void> {
  await ex.insert(contactStrategies).values(row);
  await insertRestrictions(ex, row.id, list);
}

export async function insertRestrictions(ex: Executor, strategyId: string, list: readonly Restriction[]): Promise<void> {
  if (list.length === 0) return;
  await ex.insert(restrictions).values(
    list.map(({ type, ...settings }, position) => ({ id: randomUUID(), strategyId, position, type, settings })),
  );
}

/** An ease or tighten replaces the whole set, in the order given. */
export async function replaceRestrictions(ex: Executor, strategyId: string, list: readonly Restriction[]): Promise<void> {
  await ex.delete(restrictions).where(eq(restrictions.strategyId, strategyId));
  await insertRestrictions(ex, strategyId, list);
}

export async function updateStrategyRow(ex: Executor, id: string, patch: StrategyPatch): Promise<void> {
  await ex.update(contactStrategies).set(patch).where(eq(contactStrategies.id, id));
}

export async function findStrategyById(ex: Executor, id: string): Promise<ContactStrategy | null> {
  const [row] = await ex.select().from(contactStrategies).where(eq(contactStrategies.id, id)).limit(1);
  if (!row) return null;
  const [strategy] = await withRestrictions(ex, [row]);
  return strategy ?? null;
}

export interface StrategyFilter {
  status?: StrategyStatus | undefined;
  customerIds?: readonly string[] | undefined;
  limit: number;
  offset: number;
}

/** `expired` and `lapsed` are matched by date as well as by stored status, as readers see them (see effectiveStatus). */
export async function listStrategies(ex: Executor, filter: StrategyFilter, now: Date, lapseAfterDays = DEFAULT_LAPSE_AFTER_DAYS): Promise<ContactStrategy[]> {
  const conditions: (SQL | undefined)[] = [];
  if (filter.customerIds) conditions.push(inArray(contactStrategies.customerId, [...filter.customerIds]));
  const lapseBefore = new Date(now.getTime() - lapseAfterDays * 86_400_000);
  const authorised = eq(contactStrategies.status, 'authorised');
  const notEnded = or(isNull(contactStrategies.endsAt), gt(contactStrategies.endsAt, now));
  const ended = lte(contactStrategies.endsAt, now);
  const reviewMissed = lte(contactStrategies.reviewAt, lapseBefore);
  if (filter.status === 'expired') {
    conditions.push(or(eq(contactStrategies.status, 'expired'), and(authorised, ended)));
  } else if (filter.status === 'lapsed') {
    conditions.push(or(eq(contactStrategies.status, 'lapsed'), and(authorised, notEnded, reviewMissed)));
  } else if (filter.status === 'authorised') {
    conditions.push(authorised, notEnded, gt(contactStrategies.reviewAt, lapseBefore));
  } else if (filter.status) {
    conditions.push(eq(contactStrategies.status, filter.status));
  }
  const rows = await ex
    .select()
    .from(contactStrategies)
    .where(and(...conditions))
    .orderBy(desc(contactStrategies.proposedAt), asc(contactStrategies.id))
    .limit(filter.limit)
    .offset(filter.offset);
  return withRestrictions(ex, rows);
}

async function withRestrictions(ex: Executor, rows: StrategyRow[]): Promise<ContactStrategy[]> {
  if (rows.length === 0) return [];
  const found = await ex
    .select()
    .from(restrictions)
    .where(
      inArray(
        restrictions.strategyId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(restrictions.strategyId), asc(restrictions.position));
  return rows.map((row) =>
    toContactStrategy(
      row,
      found.filter((r) => r.strategyId === row.id).map((r) => restrictionSchema.parse({ ...r.settings, type: r.type })),
    ),
  );
}

function toContactStrategy(row: StrategyRow, list: Restriction[]): ContactStrategy {
  const {
    notificationSentAt,
    notificationChannel,
    notificationReference,
    notificationRecordedBy,
    ...rest
  } = row;
  return {
    ...rest,
    restrictions: list,
    notification:
      notificationSentAt && notificationChannel && notificationRecordedBy
        ? {
            sentAt: notificationSentAt,
            channel: notificationChannel,
            reference: notificationReference ?? '',
            recordedBy: notificationRecordedBy,
          }
        : null,
  };
}
