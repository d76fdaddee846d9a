import { and, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/database.js';
import { breaches, calls, contactStrategies, strategyReviews, terminatedCalls } from '../../db/schema/index.js';
import type { ReportPeriod } from './report-periods.js';
import { countStrategies, type StrategyCounts } from './strategy-timeline.js';

// Each function answers one count per period, in the periods' order. Periods are contiguous and each is
// [from, to), so one `width_bucket` over their boundaries puts every row in exactly one of them.

/** Strategies introduced, in force at the end, lifted, expired and lapsed: rows from SQL, dates in code. */
export async function countStrategyEvents(
  ex: Executor,
  periods: readonly ReportPeriod[],
  now: Date,
  lapseAfterDays: number,
): Promise<StrategyCounts[]> {
  const last = periods.at(-1);
  if (!last) return [];
  const rows = await ex
    .select({
      status: contactStrategies.status,
      urgent: contactStrategies.urgent,
      startsAt: contactStrategies.startsAt,
      endsAt: contactStrategies.endsAt,
      reviewAt: contactStrategies.reviewAt,
      authorisedAt: contactStrategies.authorisedAt,
      notificationSentAt: contactStrategies.notificationSentAt,
      liftedAt: contactStrategies.liftedAt,
      closedAt: contactStrategies.closedAt,
    })
    .from(contactStrategies)
    .where(
      and(
        inArray(contactStrategies.status, ['authorised', 'lifted', 'expired', 'lapsed']),
        isNotNull(contactStrategies.authorisedAt),
        lt(contactStrategies.authorisedAt, last.to),
      ),
    );
  return countStrategies(rows, periods, now, lapseAfterDays);
}

/** Breaches by when they happened, in total and by the restriction broken. */
export async function countBreaches(ex: Executor, periods: readonly ReportPeriod[]): Promise<Record<string, number>[]> {
  const rows = await countBy(ex, periods, breaches.occurredAt, breaches.restrictionType);
  return toKeyed(rows, periods);
}

/** Terminated calls by when they were logged and their reason. */
export async function countTerminations(ex: Executor, periods: readonly ReportPeriod[]): Promise<Record<string, number>[]> {
  const rows = await countBy(ex, periods, terminatedCalls.createdAt, terminatedCalls.reason);
  return toKeyed(rows, periods);
}

/** Calls put through to the emergency route despite a bar. */
export async function countEmergencyBypasses(ex: Executor, periods: readonly ReportPeriod[]): Promise<number[]> {
  const rows = await countBy(ex, periods, calls.emergencyBypassAt, null);
  const result = periods.map(() => 0);
  for (const row of rows) result[row.bucket - 1] = row.n;
  return result;
}

/** Reviews by when they were done: on time if done by the date they were due, late after it. */
export async function countReviews(ex: Executor, periods: readonly ReportPeriod[]): Promise<{ onTime: number; late: number }[]> {
  const rows = await countBy(ex, periods, strategyReviews.reviewedAt, sql<string>`case when ${strategyReviews.reviewedAt} > ${strategyReviews.dueAt} then 'late' else 'onTime' end`);
  const result = periods.map(() => ({ onTime: 0, late: 0 }));
  for (const row of rows) {
    const counts = result[row.bucket - 1];
    if (counts) counts[row.key === 'late' ? 'late' : 'onTime'] = row.n;
  }
  return result;
}

interface BucketCount {
  /** 1-based period index. */
  bucket: number;
  key: string;
  n: number;
}

async function countBy(
  ex: Executor,
  periods: readonly ReportPeriod[],
  at: AnyPgColumn,
  key: AnyPgColumn | SQL<string> | null,
): Promise<BucketCount[]> {
  const first = periods[0];
  const last = periods.at(-1);
  if (!first || !last) return [];
  const bounds = [...periods.map((p) => p.from), last.to].map((d) => sql`${d.toISOString()}::timestamptz`);
  return ex
    .select({
      bucket: sql<number>`width_bucket(${at}, array[${sql.join(bounds, sql`, `)}])::int`.mapWith(Number),
      key: (key ? sql<string>`${key}::text` : sql<string>`''`).mapWith(String),
      n: sql<number>`count(*)::int`.mapWith(Number),
    })
    .from(at.table)
    .where(and(gte(at, first.from), lt(at, last.to)))
    // By position: the bucket expression repeats its parameters, which PostgreSQL would not match by text.
    .groupBy(sql`1`, sql`2`);
}

function toKeyed(rows: readonly BucketCount[], periods: readonly ReportPeriod[]): Record<string, number>[] {
  const result = periods.map((): Record<string, number> => ({}));
  for (const row of rows) {
    const counts = result[row.bucket - 1];
    if (counts) counts[row.key] = (counts[row.key] ?? 0) + row.n;
  }
  return result;
}
