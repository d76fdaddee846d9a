import type { MonthNumber } from '../core/messages.js';
import { WEEKDAYS, type Weekday } from '../core/restriction.js';
import { inZone } from '../core/call-decision/zoned-time.js';

/** A day on the calendar, as a letter prints it ("14 May 2026"); no time, no zone. */
export interface CalendarDate {
  day: number;
  month: MonthNumber;
  year: number;
}

/** The calendar day an instant falls on in `zone` (the letter is dated in the organisation's zone). */
export function calendarDateOf(instant: Date, zone: string): CalendarDate {
  const local = inZone(instant, zone);
  return { day: local.day, month: local.month as MonthNumber, year: local.year };
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A prior warning's date as stored: a plain date (kept as written, never shifted by a zone)
 * or a date and time with an offset (shown as the day it was in `zone`).
 */
export function warningDateOf(value: string, zone: string): CalendarDate | null {
  const plain = DATE_ONLY.exec(value);
  if (plain) return { year: Number(plain[1]), month: Number(plain[2]) as MonthNumber, day: Number(plain[3]) };
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : calendarDateOf(instant, zone);
}

/** A set of days in week order, consecutive runs of three or more as ranges: Monday to Friday, Sunday. */
export type DayGroup = { kind: 'day'; day: Weekday } | { kind: 'range'; from: Weekday; to: Weekday };

export function groupDays(days: readonly Weekday[]): DayGroup[] {
  const chosen = WEEKDAYS.filter((day) => days.includes(day));
  const groups: DayGroup[] = [];
  let run: Weekday[] = [];
  const flush = () => {
    if (run.length >= 3) groups.push({ kind: 'range', from: run[0]!, to: run.at(-1)! });
    else groups.push(...run.map((day) => ({ kind: 'day' as const, day })));
    run = [];
  };
  for (const day of chosen) {
    const previous = run.at(-1);
    if (previous !== undefined && WEEKDAYS.indexOf(previous) + 1 !== WEEKDAYS.indexOf(day)) flush();
    run.push(day);
  }
  flush();
  return groups;
}
