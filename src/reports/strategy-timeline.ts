import type { StrategyStatus } from '../core/contact-strategy.js';
import type { ReportPeriod } from './report-periods.js';

const DAY_MS = 86_400_000;

/** What a report needs of one strategy row. */
export interface StrategyTimes {
  status: StrategyStatus;
  urgent: boolean;
  startsAt: Date;
  endsAt: Date | null;
  reviewAt: Date;
  authorisedAt: Date | null;
  notificationSentAt: Date | null;
  liftedAt: Date | null;
  closedAt: Date | null;
}

export type EndKind = 'lifted' | 'expired' | 'lapsed';

export interface StrategyEnd {
  kind: EndKind;
  at: Date;
}

export interface StrategyCounts {
  strategiesIntroduced: number;
  inForceAtEnd: number;
  lifted: number;
  expired: number;
  lapsed: number;
}

/**
 * How and when an authorised strategy stopped applying, or null while it still applies. A closed row says so
 * itself (status and `closedAt`); one still stored as authorised is read as effectiveStatus reads it at `now`
 * and as the closure job will write it (expired at its end date, else lapsed at its review date plus the
 * lapse period), so a report does not change when the job catches up.
 */
export function strategyEnd(s: StrategyTimes, now: Date, lapseAfterDays: number): StrategyEnd | null {
  const lapseAt = new Date(s.reviewAt.getTime() + lapseAfterDays * DAY_MS);
  switch (s.status) {
    case 'lifted':
      return s.liftedAt ? { kind: 'lifted', at: s.liftedAt } : null;
    case 'expired':
      return { kind: 'expired', at: s.closedAt ?? s.endsAt ?? lapseAt };
    case 'lapsed':
      return { kind: 'lapsed', at: s.closedAt ?? lapseAt };
    case 'authorised':
      if (s.endsAt && s.endsAt <= now) return { kind: 'expired', at: s.endsAt };
      return lapseAt <= now ? { kind: 'lapsed', at: lapseAt } : null;
    default:
      return null;
  }
}

/**
 * In force at the last instant before `to`: authorised, started, notified in writing or urgent, and not yet
 * lifted, expired or lapsed. A strategy that ends exactly at `to` is still in force then and its end is counted
 * in the next period, so each period's in-force count is the last one plus what started less what ended.
 */
export function inForceJustBefore(s: StrategyTimes, to: Date, now: Date, lapseAfterDays: number): boolean {
  if (!s.authorisedAt || s.authorisedAt >= to || s.startsAt >= to) return false;
  if (!s.urgent && !(s.notificationSentAt && s.notificationSentAt < to)) return false;
  const end = strategyEnd(s, now, lapseAfterDays);
  return !end || end.at >= to;
}

/**
 * Counts per period. Nothing after `now` has happened yet: a period reaching past now counts ends up to now
 * and what is in force now.
 */
export function countStrategies(
  rows: readonly StrategyTimes[],
  periods: readonly ReportPeriod[],
  now: Date,
  lapseAfterDays: number,
): StrategyCounts[] {
  return periods.map((period) => {
    const until = period.to < now ? period.to : now;
    const within = (at: Date | null) => at !== null && at >= period.from && at < until;
    const counts: StrategyCounts = { strategiesIntroduced: 0, inForceAtEnd: 0, lifted: 0, expired: 0, lapsed: 0 };
    for (const row of rows) {
      if (within(row.authorisedAt)) counts.strategiesIntroduced += 1;
      if (inForceJustBefore(row, until, now, lapseAfterDays)) counts.inForceAtEnd += 1;
      const end = row.authorisedAt ? strategyEnd(row, now, lapseAfterDays) : null;
      if (end && within(end.at)) counts[end.kind] += 1;
    }
    return counts;
  });
}
