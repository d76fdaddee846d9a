import { DateTime, type WeekdayNumbers } from 'luxon';
import type { Weekday } from '../restriction.js';
import type { SpokenDate } from '../messages.js';
import { memoZone } from './memo-zone.js';

export type ZonedTime = DateTime<true>;

const WEEKDAY_BY_NUMBER: Readonly<Record<WeekdayNumbers, Weekday>> = {
  1: 'mon', 2: 'tue', 3: 'wed', 4: 'thu', 5: 'fri', 6: 'sat', 7: 'sun',
};

/** The instant as a wall clock in `zone`. Zones are validated when settings and restrictions are parsed. */
export function inZone(instant: Date, zone: string): ZonedTime {
  const local = DateTime.fromJSDate(instant, { zone: memoZone(zone) });
  if (!local.isValid) throw new Error(`Cannot use time zone "${zone}": ${local.invalidReason}`);
  return local;
}

/**
 * The first instant on `day`'s calendar date whose wall clock reads `hhmm` or later. A time
 * inside a spring-forward gap (01:30 on the last Sunday of March in London) moves forward
 * by the gap, as luxon does; callers check the wall clock again when that matters.
 */
export function atWallClock(day: ZonedTime, hhmm: string): ZonedTime {
  return day.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)), second: 0, millisecond: 0 });
}

export function wallClock(time: ZonedTime): string {
  return time.toFormat('HH:mm');
}

export function weekdayOf(time: ZonedTime): Weekday {
  return WEEKDAY_BY_NUMBER[time.weekday];
}

export function spokenDate(time: ZonedTime): SpokenDate {
  return { weekday: weekdayOf(time), day: time.day, month: time.month };
}
