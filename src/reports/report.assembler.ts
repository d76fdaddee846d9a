import type { BreachType } from '../core/call-decision/call-decision.js';
import { TERMINATION_REASONS, type TerminationReason } from '../panel/panel.protocol.js';
import { isoInZone, type GroupBy, type ReportPeriod } from './report-periods.js';
import type { StrategyCounts } from './strategy-timeline.js';

/** Every restriction a call can breach, listed (with zeros) in every row so columns never come and go. */
const BREACH_TYPE_SET: Record<BreachType, true> = { bar: true, frequency: true, callWindows: true };
export const BREACH_TYPES = Object.keys(BREACH_TYPE_SET) as BreachType[];

export interface ReportCounts extends StrategyCounts {
  breaches: { total: number; byRestrictionType: Record<string, number> };
  terminatedCalls: { total: number; byReason: Record<TerminationReason, number> };
  emergencyBypasses: number;
  reviewsOnTime: number;
  reviewsLate: number;
}

export interface ReportRow extends ReportCounts {
  label: string;
  from: string;
  to: string;
}

export interface SummaryReport {
  from: string;
  to: string;
  groupBy: GroupBy;
  timeZone: string;
  periods: ReportRow[];
  total: ReportRow;
}

/** What the repositories counted, one entry per period in the periods' order. */
export interface PeriodTallies {
  strategies: StrategyCounts[];
  breaches: Record<string, number>[];
  terminations: Record<string, number>[];
  emergencyBypasses: number[];
  reviews: { onTime: number; late: number }[];
}

export interface ReportRange {
  from: Date;
  to: Date;
  groupBy: GroupBy;
  timeZone: string;
}

/** Puts the counts together, one row per period and a total: sums, except in force at the end of the range. */
export function assembleReport(range: ReportRange, periods: readonly ReportPeriod[], tallies: PeriodTallies): SummaryReport {
  const rows = periods.map((period, i): ReportRow => ({
    label: period.label,
    from: isoInZone(period.from, range.timeZone),
    to: isoInZone(period.to, range.timeZone),
    ...periodCounts(tallies, i),
  }));
  return {
    from: isoInZone(range.from, range.timeZone),
    to: isoInZone(range.to, range.timeZone),
    groupBy: range.groupBy,
    timeZone: range.timeZone,
    periods: rows,
    total: {
      label: 'total',
      from: isoInZone(range.from, range.timeZone),
      to: isoInZone(range.to, range.timeZone),
      ...totalOf(rows),
    },
  };
}

function periodCounts(tallies: PeriodTallies, i: number): ReportCounts {
  const strategies = tallies.strategies[i] ?? { strategiesIntroduced: 0, inForceAtEnd: 0, lifted: 0, expired: 0, lapsed: 0 };
  const byRestrictionType = withZeros(BREACH_TYPES, tallies.breaches[i] ?? {});
  const byReason = withZeros(TERMINATION_REASONS, tallies.terminations[i] ?? {}) as Record<TerminationReason, number>;
  const reviews = tallies.reviews[i] ?? { onTime: 0, late: 0 };
  return {
    ...strategies,
    breaches: { total: sum(Object.values(byRestrictionType)), byRestrictionType },
    terminatedCalls: { total: sum(Object.values(byReason)), byReason },
    emergencyBypasses: tallies.emergencyBypasses[i] ?? 0,
    reviewsOnTime: reviews.onTime,
    reviewsLate: reviews.late,
  };
}

function totalOf(rows: readonly ReportCounts[]): ReportCounts {
  const add = (pick: (row: ReportCounts) => number) => sum(rows.map(pick));
  const addKeyed = (pick: (row: ReportCounts) => Record<string, number>) => {
    const result: Record<string, number> = {};
    for (const row of rows) for (const [key, n] of Object.entries(pick(row))) result[key] = (result[key] ?? 0) + n;
    return result;
  };
  return {
    strategiesIntroduced: add((r) => r.strategiesIntroduced),
    inForceAtEnd: rows.at(-1)?.inForceAtEnd ?? 0,
    lifted: add((r) => r.lifted),
    expired: add((r) => r.expired),
    lapsed: add((r) => r.lapsed),
    breaches: { total: add((r) => r.breaches.total), byRestrictionType: withZeros(BREACH_TYPES, addKeyed((r) => r.breaches.byRestrictionType)) },
    terminatedCalls: {
      total: add((r) => r.terminatedCalls.total),
      byReason: withZeros(TERMINATION_REASONS, addKeyed((r) => r.terminatedCalls.byReason)) as Record<TerminationReason, number>,
    },
    emergencyBypasses: add((r) => r.emergencyBypasses),
    reviewsOnTime: add((r) => r.reviewsOnTime),
    reviewsLate: add((r) => r.reviewsLate),
  };
}

/** The known keys first (zeros included), then anything unexpected the database holds, so nothing is dropped. */
function withZeros(known: readonly string[], counted: Record<string, number>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const key of known) result[key] = counted[key] ?? 0;
  for (const key of Object.keys(counted).sort()) result[key] ??= counted[key] ?? 0;
  return result;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
