import { describe, it, expect } from 'vitest';
import {
  decideCall,
  type CallDecision,
  type DecisionInput,
  type RecentCall,
  type RefuseDecision,
} from '../../src/core/call-decision/call-decision.js';
import type { ContactStrategy } from '../../src/core/contact-strategy.js';
import { e164, strategy } from '../support/decision-fixtures.js';

const ALTERNATIVE = 'You can still write to us.';
const NEW_MATTER =
  'If you want to raise a new matter or make a complaint, you can still do so in writing. Your right to complain is not affected.';



function call(now: string, strategies: ContactStrategy[], recentCalls: RecentCall[], extra: Partial<DecisionInput> = {}): CallDecision {
  return decideCall({
    caller: { kind: 'number', number: e164('+447700900123') },
    customer: { id: 'customer-1', name: 'Sam Jones', language: 'en-GB', communicationNeeds: null },
    strategies,
    recentCalls,
    staff: new Map(),
    now: new Date(now),
    settings: {
      defaultRoute: { kind: 'queue', name: 'main' },
      emergencyRoute: '+447700900999',
      organisationName: 'Example Housing',
      alternativeContact: ALTERNATIVE,
      timeZone: 'Europe/London',
      blockWithheld: false,
    },
    ...extra,
  });
}

function refused(decision: CallDecision): RefuseDecision {
  if (decision.kind !== 'refuse') throw new Error('expected refuse, got connect');
  return decision;
}

const limit = (maxCalls: number, per: 'day' | 'week' | 'month'): ContactStrategy =>
  strategy([{ type: 'frequency', maxCalls, per }]);
const connected = (...times: string[]): RecentCall[] => times.map((t) => ({ startedAt: new Date(t), connected: true }));

describe('decideCall with a frequency limit', () => {
  it('refuses once the limit is reached, says when calls are accepted again, and records a breach', () => {
    const s = limit(2, 'day');
    const decision = refused(call('2025-12-01T15:00:00Z', [s], connected('2025-12-01T14:00:00Z', '2025-12-01T09:00:00Z')));
    expect(decision).toMatchObject({ reason: 'frequency', emergency: null, appliedStrategyIds: [s.id] });
    expect(decision.message).toEqual([
      'Example Housing accepts up to 2 calls from you each day, and you have reached that limit.',
      'You can call us again from Tuesday 2 December.',
      ALTERNATIVE,
      NEW_MATTER,
    ]);
    expect(decision.callsAcceptedFrom).toBe('2025-12-02T00:00:00.000Z');
    expect(decision.breaches).toEqual([
      {
        strategyId: s.id,
        restrictionType: 'frequency',
        detail: 'Limit of 2 connected calls per day reached: 2 since Mon 1 Dec 2025 00:00 (Europe/London)',
      },
    ]);
  });

  it('counts only connected calls in the current period', () => {
    const recent: RecentCall[] = [
      { startedAt: new Date('2025-12-01T14:00:00Z'), connected: false },
      { startedAt: new Date('2025-12-01T09:00:00Z'), connected: true },
      { startedAt: new Date('2025-11-30T23:59:59Z'), connected: true },
    ];
    expect(call('2025-12-01T15:00:00Z', [limit(2, 'day')], recent).kind).toBe('connect');
  });

  it('words a limit of one call', () => {
    const decision = refused(call('2025-12-03T15:00:00Z', [limit(1, 'week')], connected('2025-12-01T09:00:00Z')));
    expect(decision.message[0]).toBe('Example Housing accepts one call from you each week, and you have already had that call.');
    expect(decision.message[1]).toBe('You can call us again from Monday 8 December.');
  });

  it('starts weeks on Monday at midnight local time, in summer time too', () => {
    const week = [limit(1, 'week')];
    expect(call('2025-06-02T10:00:00Z', week, connected('2025-06-01T22:30:00Z')).kind).toBe('connect');
    const decision = refused(call('2025-06-08T22:00:00Z', week, connected('2025-06-01T23:30:00Z')));
    expect(decision.callsAcceptedFrom).toBe('2025-06-08T23:00:00.000Z');
    expect(decision.message[1]).toBe('You can call us again from Monday 9 June.');
  });

  it('uses calendar months, across the end of the year and the start of summer time', () => {
    const newYear = refused(call('2025-12-31T23:30:00Z', [limit(1, 'month')], connected('2025-12-01T00:00:00Z')));
    expect(newYear.callsAcceptedFrom).toBe('2026-01-01T00:00:00.000Z');
    expect(newYear.message[1]).toBe('You can call us again from Thursday 1 January.');
    // 23:10 GMT on 31 March is 00:10 BST on 1 April: an April call.
    const april = refused(call('2025-03-31T23:30:00Z', [limit(1, 'month')], connected('2025-03-31T23:10:00Z')));
    expect(april.callsAcceptedFrom).toBe('2025-04-30T23:00:00.000Z');
    expect(call('2025-03-31T23:30:00Z', [limit(1, 'month')], connected('2025-03-31T22:50:00Z')).kind).toBe('connect');
  });

  it('does not count calls made before the strategy started', () => {
    const s = strategy([{ type: 'frequency', maxCalls: 1, per: 'month' }], { startsAt: new Date('2025-12-10T12:00:00Z') });
    expect(call('2025-12-15T12:00:00Z', [s], connected('2025-12-05T09:00:00Z')).kind).toBe('connect');
    expect(call('2025-12-15T12:00:00Z', [s], connected('2025-12-11T09:00:00Z')).kind).toBe('refuse');
  });

  it('records a breach for every limit reached and names the one that lifts last', () => {
    const daily = limit(1, 'day');
    const monthly = limit(3, 'month');
    const recent = connected('2025-12-10T09:00:00Z', '2025-12-05T09:00:00Z', '2025-12-02T09:00:00Z');
    const decision = refused(call('2025-12-10T15:00:00Z', [daily, monthly], recent));
    expect(decision.breaches.map((b) => b.strategyId).sort()).toEqual([daily.id, monthly.id].sort());
    expect(decision.message[0]).toBe('Example Housing accepts up to 3 calls from you each month, and you have reached that limit.');
    expect(decision.message[1]).toBe('You can call us again from Thursday 1 January.');
  });

  it('names the first window after the limit lifts', () => {
    const s = strategy([
      { type: 'frequency', maxCalls: 1, per: 'day' },
      { type: 'callWindows', windows: [{ days: ['tue', 'thu'], from: '10:00', to: '12:00' }] },
    ]);
    const decision = refused(call('2025-12-02T11:00:00Z', [s], connected('2025-12-02T10:00:00Z')));
    expect(decision.reason).toBe('frequency');
    expect(decision.message[1]).toBe('You can call us again on Thursday 4 December, between 10:00 and 12:00.');
    expect(decision.callsAcceptedFrom).toBe('2025-12-04T10:00:00.000Z');
  });

  it('refuses for the window first when both are broken, with a breach for each', () => {
    const s = strategy([
      { type: 'frequency', maxCalls: 1, per: 'week' },
      { type: 'callWindows', windows: [{ days: ['tue'], from: '10:00', to: '12:00' }] },
    ]);
    const decision = refused(call('2025-12-03T11:00:00Z', [s], connected('2025-12-02T10:00:00Z')));
    expect(decision.reason).toBe('callWindows');
    expect(decision.breaches.map((b) => b.restrictionType)).toEqual(['callWindows', 'frequency']);
    expect(decision.message.slice(0, 3)).toEqual([
      'Example Housing accepts calls from you only at set times, and this is not one of them.',
      'Example Housing accepts one call from you each week, and you have already had that call.',
      'You can call us again on Tuesday 9 December, between 10:00 and 12:00.',
    ]);
  });

  it('speaks the limit and the date in Welsh', () => {
    const customer = { id: 'customer-1', name: 'Sam Jones', language: 'cy-GB', communicationNeeds: 'araf' } as const;
    const decision = refused(call('2025-12-01T15:00:00Z', [limit(2, 'day')], connected('2025-12-01T14:00:00Z', '2025-12-01T09:00:00Z'), { customer }));
    expect(decision.speech).toEqual({ language: 'cy-GB', slow: true });
    expect(decision.message.slice(0, 2)).toEqual([
      'Mae Example Housing yn derbyn hyd at 2 o alwadau gennych bob dydd, ac rydych wedi cyrraedd y terfyn hwnnw.',
      'Gallwch ein ffonio eto o ddydd Mawrth 2 Rhagfyr ymlaen.',
    ]);
  });
});
