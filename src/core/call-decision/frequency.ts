import type { DurationLikeObject } from 'luxon';
import type { FrequencyPeriod } from '../messages.js';
import type { RestrictionOf } from '../restriction.js';
import type { RecentCall } from './call-decision.js';
import { inZone } from './zoned-time.js';

export interface FrequencyCheck {
  strategyId: string;
  restriction: RestrictionOf<'frequency'>;
  /** Connected calls counted against the limit. */
  count: number;
  /** Counting starts here: the start of the calendar period, or the strategy's start if later. */
  since: Date;
  /** The start of the next calendar period, when the count starts again. */
  resetsAt: Date;
  violated: boolean;
}

const ONE: Readonly<Record<FrequencyPeriod, DurationLikeObject>> = {
  day: { days: 1 },
  week: { weeks: 1 },
  month: { months: 1 },
};

/** Calendar periods in `zone`: days from midnight, weeks from Monday, months from the 1st. */
export function calendarPeriod(now: Date, per: FrequencyPeriod, zone: string): { start: Date; next: Date } {
  const start = inZone(now, zone).startOf(per);
  return { start: start.toJSDate(), next: start.plus(ONE[per]).toJSDate() };
}

export function checkFrequency(
  strategy: { id: string; startsAt: Date },
  restriction: RestrictionOf<'frequency'>,
  recentCalls: readonly RecentCall[],
  now: Date,
  zone: string,
): FrequencyCheck {
  const period = calendarPeriod(now, restriction.per, zone);
  const since = strategy.startsAt > period.start ? strategy.startsAt : period.start;
  const count = recentCalls.filter((call) => call.connected && call.startedAt >= since && call.startedAt <= now).length;
  return {
    strategyId: strategy.id,
    restriction,
    count,
    since,
    resetsAt: period.next,
    violated: count >= restriction.maxCalls,
  };
}
