import { DateTime } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import * as memoWindows from '../../src/core/call-decision/call-windows.js';
import * as memoFrequency from '../../src/core/call-decision/frequency.js';
import * as memoTime from '../../src/core/call-decision/zoned-time.js';
import type { WindowRule } from '../../src/core/call-decision/call-windows.js';
import type { Weekday } from '../../src/core/restriction.js';

// The same modules again with plain luxon zones (the zone name as given), as the reference.
vi.resetModules();
vi.doMock('../../src/core/call-decision/memo-zone.js', () => ({ memoZone: (name: string) => name }));
const plainWindows = await import('../../src/core/call-decision/call-windows.js');
const plainFrequency = await import('../../src/core/call-decision/frequency.js');
const plainTime = await import('../../src/core/call-decision/zoned-time.js');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// A 30-minute DST shift, a half-hour standard offset, and the usual hour.
const ZONES = ['Europe/London', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kathmandu', 'UTC'];

/** The instants in [from, to) where the zone's offset changes, found to the millisecond by bisection. */
function transitions(zone: string, from: number, to: number): number[] {
  const offset = (ts: number) => DateTime.fromMillis(ts, { zone }).offset;
  const found: number[] = [];
  for (let t = from; t < to; t += HOUR) {
    if (offset(t) === offset(t + HOUR)) continue;
    let [low, high] = [t, t + HOUR];
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (offset(mid) === offset(low)) low = mid;
      else high = mid;
    }
    found.push(high);
  }
  return found;
}

/** Every instant a bucket could get wrong near a transition: each millisecond edge and each minute for three hours either side. */
function instantsAround(transition: number): number[] {
  const instants = [transition - 1, transition, transition + 1];
  for (let t = transition - 3 * HOUR; t <= transition + 3 * HOUR; t += MINUTE) instants.push(t, t + 29_999, t + 59_999);
  return instants;
}

function sameTime(instant: Date, zone: string): void {
  const memo = memoTime.inZone(instant, zone);
  const plain = plainTime.inZone(instant, zone);
  expect(memo.offset).toBe(plain.offset);
  expect(memo.zoneName).toBe(plain.zoneName);
  expect(memo.toISO()).toBe(plain.toISO());
  expect(memoTime.wallClock(memo)).toBe(plainTime.wallClock(plain));
  expect(memoTime.weekdayOf(memo)).toBe(plainTime.weekdayOf(plain));
  expect(memo.toFormat('ccc d LLL yyyy HH:mm ZZZZ')).toBe(plain.toFormat('ccc d LLL yyyy HH:mm ZZZZ'));
  for (const hhmm of ['00:00', '01:30', '02:15', '03:00', '23:59']) {
    expect(memoTime.atWallClock(memo, hhmm).toISO()).toBe(plainTime.atWallClock(plain, hhmm).toISO());
  }
  expect(memo.startOf('day').plus({ days: 1 }).toISO()).toBe(plain.startOf('day').plus({ days: 1 }).toISO());
  expect(memo.equals(plain)).toBe(true);
}

const EVERY_DAY: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const rule = (zone: string, windows: { days: Weekday[]; from: string; to: string }[]): WindowRule => ({
  strategyId: 's',
  zone,
  restriction: { type: 'callWindows', windows },
});

function sameDecisions(instant: Date, zone: string): void {
  const rules = [
    rule(zone, [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }]),
    // Windows that start and end inside the gaps and overlaps of the zones above.
    rule(zone, [{ days: EVERY_DAY, from: '01:30', to: '02:45' }, { days: ['sun'], from: '02:00', to: '02:30' }]),
  ];
  for (const r of rules) {
    expect(memoWindows.isWithinWindows(r, instant)).toBe(plainWindows.isWithinWindows(r, instant));
    expect(memoWindows.nextOpening([r], instant)).toEqual(plainWindows.nextOpening([r], instant));
  }
  for (const per of ['day', 'week', 'month'] as const) {
    expect(memoFrequency.calendarPeriod(instant, per, zone)).toEqual(plainFrequency.calendarPeriod(instant, per, zone));
  }
}

describe('memoised time zones', () => {
  const from = Date.UTC(2025, 0, 1);
  const to = Date.UTC(2027, 0, 1);

  it.each(ZONES.filter((zone) => zone !== 'UTC' && zone !== 'Asia/Kathmandu'))('%s changes offset twice a year in the years tested', (zone) => {
    expect(transitions(zone, from, to)).toHaveLength(4);
  });

  it.each(ZONES)('%s: wall clock, weekday and arithmetic as plain luxon, near each transition', (zone) => {
    for (const transition of transitions(zone, from, to)) {
      for (const ts of instantsAround(transition)) sameTime(new Date(ts), zone);
    }
  });

  it.each(ZONES)('%s: window openings and calendar periods as plain luxon, near each transition and across the year', (zone) => {
    const instants = transitions(zone, from, to).flatMap((t) => [t - 2 * HOUR, t - 1, t, t + 17 * MINUTE, t + 2 * HOUR, t - 2 * 24 * HOUR]);
    for (let t = from; t < to; t += 7 * 24 * HOUR + 97 * MINUTE) instants.push(t);
    for (const ts of instants) sameDecisions(new Date(ts), zone);
  });

  // Today's transitions fall on quarter hours of UTC; local mean time ended on odd seconds, inside a bucket.
  it.each([['Europe/London', 1847], ['Europe/Amsterdam', 1937]])('%s (%i): remembers no bucket holding a transition off the quarter hour', (zone, year) => {
    const [transition] = transitions(zone, Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1));
    expect(transition! % (15 * MINUTE)).not.toBe(0);
    for (const ts of instantsAround(transition!)) sameTime(new Date(ts), zone);
  });

  it('compares against plain luxon zones, not memoised ones', () => {
    expect(memoTime.inZone(new Date(), 'Europe/London').zone.constructor.name).toBe('MemoZone');
    expect(plainTime.inZone(new Date(), 'Europe/London').zone.constructor.name).toBe('IANAZone');
  });

  it('reports an unknown zone as luxon does', () => {
    expect(() => memoTime.inZone(new Date(), 'Mars/Olympus_Mons')).toThrow('Cannot use time zone "Mars/Olympus_Mons": unsupported zone');
  });
});
