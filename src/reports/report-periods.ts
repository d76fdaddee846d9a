import { DateTime } from 'luxon';

export const GROUP_BY = ['month', 'quarter'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** One row of a report: a calendar month or quarter in the configured time zone, clipped to the requested range. */
export interface ReportPeriod {
  /** "2026-11" or "2026-Q4". */
  label: string;
  from: Date;
  /** Exclusive. */
  to: Date;
}

export const MAX_REPORT_YEARS = 10;
const MONTHS_PER: Record<GroupBy, number> = { month: 1, quarter: 3 };

/**
 * The default range: the last 12 months up to `now`, as whole calendar periods, the current one to date
 * (on 15 Nov 2026: 1 Dec 2025 to now by month, 1 Jan 2026 to now by quarter).
 */
export function defaultFrom(to: Date, groupBy: GroupBy, timeZone: string): Date {
  return DateTime.fromJSDate(to, { zone: timeZone })
    .minus({ months: 12 - MONTHS_PER[groupBy] })
    .minus({ milliseconds: 1 })
    .startOf(groupBy)
    .toJSDate();
}

/** The calendar periods covering [from, to), the first and last clipped to the range. */
export function reportPeriods(from: Date, to: Date, groupBy: GroupBy, timeZone: string): ReportPeriod[] {
  const periods: ReportPeriod[] = [];
  let cursor = DateTime.fromJSDate(from, { zone: timeZone });
  const end = DateTime.fromJSDate(to, { zone: timeZone });
  while (cursor < end) {
    const start = cursor.startOf(groupBy);
    const next = start.plus({ months: MONTHS_PER[groupBy] });
    periods.push({ label: periodLabel(start, groupBy), from: cursor.toJSDate(), to: (next < end ? next : end).toJSDate() });
    cursor = next;
  }
  return periods;
}

function periodLabel(start: DateTime, groupBy: GroupBy): string {
  return groupBy === 'month' ? start.toFormat('yyyy-MM') : `${start.year}-Q${start.quarter}`;
}

/** An instant as ISO 8601 with the time zone's offset at that instant ("2026-04-01T00:00:00.000+01:00"). */
export function isoInZone(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISO() ?? at.toISOString();
}

/** The calendar date of an instant in the time zone, for file names. */
export function dateInZone(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate() ?? at.toISOString().slice(0, 10);
}
