import type { CallWindow, RestrictionOf } from '../restriction.js';
import { atWallClock, inZone, wallClock, weekdayOf, type ZonedTime } from './zoned-time.js';

/** One callWindows restriction with the zone its times are read in. */
export interface WindowRule {
  strategyId: string;
  restriction: RestrictionOf<'callWindows'>;
  zone: string;
}

/** A time calls are accepted again; `end` is null when no window limits it. */
export interface Opening {
  start: Date;
  end: Date | null;
}

// Windows repeat weekly, so eight days from any moment cover every window at least once.
const SEARCH_DAYS = 8;

function windowsContaining(rule: WindowRule, local: ZonedTime): CallWindow[] {
  const day = weekdayOf(local);
  const time = wallClock(local);
  // Minute precision on the wall clock: `to` is exclusive, and a window whose times fall in a
  // DST gap simply does not happen that day.
  return rule.restriction.windows.filter((w) => w.days.includes(day) && w.from <= time && time < w.to);
}

export function isWithinWindows(rule: WindowRule, instant: Date): boolean {
  return windowsContaining(rule, inZone(instant, rule.zone)).length > 0;
}

function windowStartsAfter(rule: WindowRule, after: Date): Date[] {
  const firstDay = inZone(after, rule.zone).startOf('day');
  const starts: Date[] = [];
  for (let offset = 0; offset < SEARCH_DAYS; offset += 1) {
    const day = firstDay.plus({ days: offset });
    for (const window of rule.restriction.windows) {
      if (!window.days.includes(weekdayOf(day))) continue;
      const start = atWallClock(day, window.from).toJSDate();
      if (start > after) starts.push(start);
    }
  }
  return starts;
}

/** When the window containing `instant` closes under this rule (the latest of overlapping windows). */
function closingTime(rule: WindowRule, instant: Date): Date {
  const local = inZone(instant, rule.zone);
  const ends = windowsContaining(rule, local).map((w) => atWallClock(local, w.to).toMillis());
  return new Date(Math.max(...ends));
}

/**
 * The first moment at or after `notBefore` that every rule allows, with the moment the earliest
 * of the containing windows closes. Null when the rules never overlap.
 */
export function nextOpening(rules: readonly WindowRule[], notBefore: Date): Opening | null {
  if (rules.length === 0) return { start: notBefore, end: null };
  const candidates = [notBefore, ...rules.flatMap((rule) => windowStartsAfter(rule, notBefore))].sort(
    (a, b) => a.getTime() - b.getTime(),
  );
  const start = candidates.find((candidate) => rules.every((rule) => isWithinWindows(rule, candidate)));
  if (start === undefined) return null;
  const end = Math.min(...rules.map((rule) => closingTime(rule, start).getTime()));
  return { start, end: new Date(end) };
}

/** "Mon, Tue 10:00-12:00; Sat 09:00-11:00 (Europe/London)", for staff. */
export function describeWindows(rule: WindowRule): string {
  const windows = rule.restriction.windows.map((w) => `${w.days.join(', ')} ${w.from}-${w.to}`);
  return `${windows.join('; ')} (${rule.zone})`;
}
