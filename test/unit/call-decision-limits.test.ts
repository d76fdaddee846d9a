import { describe, it, expect } from 'vitest';
import {
  decideCall,
  type CallDecision,
  type DecisionInput,
  type RefuseDecision,
} from '../../src/core/call-decision/call-decision.js';
import type { CallWindow, Restriction } from '../../src/core/restriction.js';
import { e164, strategy } from '../support/decision-fixtures.js';

const ALTERNATIVE = 'You can still write to us.';



function call(now: string, restrictions: Restriction[], extra: Partial<DecisionInput> = {}): CallDecision {
  const input: DecisionInput = {
    caller: { kind: 'number', number: e164('+447700900123') },
    customer: { id: 'customer-1', name: 'Sam Jones', language: 'en-GB', communicationNeeds: null },
    strategies: [strategy(restrictions)],
    recentCalls: [],
    staff: new Map(),
    now: new Date(now),
    settings: {
      defaultRoute: { kind: 'client', identity: 'reception' },
      emergencyRoute: null,
      organisationName: 'Example Housing',
      alternativeContact: ALTERNATIVE,
      timeZone: 'Europe/London',
      blockWithheld: false,
    },
    ...extra,
  };
  return decideCall(input);
}

function refused(decision: CallDecision): RefuseDecision {
  if (decision.kind !== 'refuse') throw new Error('expected refuse, got connect');
  return decision;
}

const windows = (list: CallWindow[], timeZone?: string): Restriction =>
  timeZone === undefined ? { type: 'callWindows', windows: list } : { type: 'callWindows', windows: list, timeZone };
const weekdayMornings = windows([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '10:00', to: '12:00' }]);

describe('decideCall with call windows', () => {
  it.each(['2025-12-01T10:00:00Z', '2025-12-01T11:59:59Z'])('connects inside the window at %s', (now) => {
    expect(call(now, [weekdayMornings]).kind).toBe('connect');
  });

  it('refuses after the window, naming the next one, and records a breach', () => {
    const decision = refused(call('2025-12-01T12:00:00Z', [weekdayMornings]));
    expect(decision.reason).toBe('callWindows');
    expect(decision.message).toEqual([
      'Example Housing accepts calls from you only at set times, and this is not one of them.',
      'You can call us again on Tuesday 2 December, between 10:00 and 12:00.',
      ALTERNATIVE,
      'If you want to raise a new matter or make a complaint, you can still do so in writing. Your right to complain is not affected.',
    ]);
    expect(decision.callsAcceptedFrom).toBe('2025-12-02T10:00:00.000Z');
    expect(decision.breaches).toEqual([
      {
        strategyId: decision.appliedStrategyIds[0],
        restrictionType: 'callWindows',
        detail: 'Called at Mon 1 Dec 2025 12:00 (Europe/London), outside the permitted call windows: mon, tue, wed, thu, fri 10:00-12:00 (Europe/London)',
      },
    ]);
  });

  it('names a window later the same day, and one a week ahead', () => {
    const twoWindows = windows([
      { days: ['mon'], from: '09:00', to: '10:00' },
      { days: ['mon'], from: '15:00', to: '16:30' },
    ]);
    expect(refused(call('2025-12-01T12:00:00Z', [twoWindows])).message[1]).toBe(
      'You can call us again on Monday 1 December, between 15:00 and 16:30.',
    );
    expect(refused(call('2025-12-01T17:00:00Z', [twoWindows])).callsAcceptedFrom).toBe('2025-12-08T09:00:00.000Z');
  });

  it('reads windows in the restriction’s own time zone', () => {
    const newYork = windows([{ days: ['mon'], from: '09:00', to: '17:00' }], 'America/New_York');
    const decision = refused(call('2025-12-01T13:30:00Z', [newYork]));
    expect(decision.callsAcceptedFrom).toBe('2025-12-01T14:00:00.000Z');
    expect(decision.message[1]).toBe('You can call us again on Monday 1 December, between 09:00 and 17:00.');
    expect(call('2025-12-01T14:00:00Z', [newYork]).kind).toBe('connect');
  });

  describe('across daylight saving time (Europe/London)', () => {
    const sundays = (from: string, to: string) => windows([{ days: ['sun'], from, to }]);

    it('uses British Summer Time on the last Sunday of March', () => {
      expect(call('2026-03-29T08:30:00Z', [sundays('09:00', '17:00')]).kind).toBe('connect');
      expect(call('2026-03-29T16:30:00Z', [sundays('09:00', '17:00')]).kind).toBe('refuse');
    });

    it('finds the next window across the change of clocks', () => {
      const decision = refused(call('2026-03-28T12:00:00Z', [sundays('09:00', '10:00')]));
      expect(decision.callsAcceptedFrom).toBe('2026-03-29T08:00:00.000Z');
      expect(decision.message[1]).toBe('You can call us again on Sunday 29 March, between 09:00 and 10:00.');
    });

    it('skips a window that falls in the hour the clocks skip', () => {
      const decision = refused(call('2026-03-29T00:30:00Z', [sundays('01:00', '02:00')]));
      expect(decision.callsAcceptedFrom).toBe('2026-04-05T00:00:00.000Z');
      expect(decision.message[1]).toBe('You can call us again on Sunday 5 April, between 01:00 and 02:00.');
    });

    it('accepts both 01:30s on the last Sunday of October', () => {
      expect(call('2026-10-25T00:30:00Z', [sundays('01:00', '02:00')]).kind).toBe('connect');
      expect(call('2026-10-25T01:30:00Z', [sundays('01:00', '02:00')]).kind).toBe('connect');
      expect(call('2026-10-25T02:00:00Z', [sundays('01:00', '02:00')]).kind).toBe('refuse');
    });
  });

  it('finds the overlap of windows from two strategies, and records a breach for each one violated', () => {
    const first = strategy([windows([{ days: ['tue'], from: '09:00', to: '12:00' }])]);
    const second = strategy([windows([{ days: ['tue'], from: '11:00', to: '15:00' }])]);
    const decision = refused(call('2025-12-01T12:00:00Z', [], { strategies: [first, second] }));
    expect(decision.message[1]).toBe('You can call us again on Tuesday 2 December, between 11:00 and 12:00.');
    expect(decision.breaches.map((b) => b.strategyId)).toEqual([first.id, second.id]);
  });

  it('gives no time to call again when windows of two strategies never overlap', () => {
    const first = strategy([windows([{ days: ['tue'], from: '09:00', to: '10:00' }])]);
    const second = strategy([windows([{ days: ['wed'], from: '09:00', to: '10:00' }])]);
    const decision = refused(call('2025-12-02T09:30:00Z', [], { strategies: [first, second] }));
    expect(decision.callsAcceptedFrom).toBeNull();
    expect(decision.message).toHaveLength(3);
    expect(decision.breaches.map((b) => b.strategyId)).toEqual([second.id]);
  });

  it('names the next window in Welsh', () => {
    const customer = { id: 'customer-1', name: 'Sam Jones', language: 'cy-GB', communicationNeeds: null } as const;
    const decision = refused(call('2025-12-01T12:00:00Z', [weekdayMornings], { customer }));
    expect(decision.message.slice(0, 2)).toEqual([
      "Dim ond ar adegau penodol y mae Example Housing yn derbyn galwadau gennych, ac nid yw'r amser hwn yn un ohonynt.",
      'Gallwch ein ffonio eto ddydd Mawrth 2 Rhagfyr, rhwng 10:00 a 12:00.',
    ]);
  });
});
