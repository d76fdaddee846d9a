import { describe, expect, it } from 'vitest';
import type { PanelCall, PanelTermination, ServerMessage } from '../../src/panel/panel.protocol.js';
import { initialPanelState, isSupervising, reducePanel, terminationOf, type PanelState } from '../../web/panel/panel-state.js';

const agent = { id: 'staff-agent', displayName: 'Ann Agent' };
const supervisor = { id: 'staff-super', displayName: 'Sam Supervisor' };
const sid = (n: number) => `CA${String(n).padStart(32, '0')}`;

function call(n: number, fields: Partial<PanelCall> = {}): PanelCall {
  return {
    callSid: sid(n),
    caller: { masked: '07700 900•••', withheld: false },
    customer: { id: `customer-${n}`, name: `Caller ${n}`, reference: null, language: 'en-GB' },
    communicationNeeds: null,
    strategies: [],
    decision: { kind: 'connect', summary: 'connected', spocStaffId: null, breaches: 0 },
    history: { terminations: 0, breaches: 0, lastCallAt: null },
    status: 'ringing',
    startedAt: new Date(Date.UTC(2030, 0, 1, 9, n)).toISOString(),
    claimedBy: null,
    warnings: [],
    ...fields,
  };
}

function termination(n: number, fields: Partial<PanelTermination> = {}): PanelTermination {
  return {
    id: `termination-${n}`,
    callSid: sid(n),
    customerId: `customer-${n}`,
    customerName: `Caller ${n}`,
    callerMasked: '07700 900•••',
    staff: agent,
    reason: 'abusive_language',
    details: 'Kept swearing.',
    warned: true,
    warnedAt: null,
    justification: null,
    endState: 'ended',
    serious: false,
    createdAt: new Date(Date.UTC(2030, 0, 1, 10, n)).toISOString(),
    acknowledgedBy: null,
    acknowledgedAt: null,
    acknowledgementNote: null,
    ...fields,
  };
}

const reduce = (state: PanelState, ...messages: ServerMessage[]) => messages.reduce(reducePanel, state);
const snapshot = (calls: PanelCall[], terminations: PanelTermination[] = [], role = 'agent'): ServerMessage => ({
  type: 'snapshot',
  calls,
  terminations,
  you: { ...(role === 'agent' ? agent : supervisor), role },
});
const incoming = (c: PanelCall): ServerMessage => ({ type: 'call.incoming', ...c });
const sids = (state: PanelState) => state.calls.map((c) => c.callSid);

describe('panel state', () => {
  it('takes everything from a snapshot, newest call first', () => {
    const state = reduce(initialPanelState, snapshot([call(1), call(3), call(2)], [termination(7)]));
    expect(state.you).toEqual({ ...agent, role: 'agent' });
    expect(sids(state)).toEqual([sid(3), sid(2), sid(1)]);
    expect(state.terminations.map((t) => t.id)).toEqual(['termination-7']);
    expect(isSupervising(state)).toBe(false);
    expect(isSupervising(reduce(initialPanelState, snapshot([], [], 'director')))).toBe(true);
  });

  it('replaces the calls with a reconnect snapshot; calls gone from it count as ended', () => {
    const before = reduce(initialPanelState, snapshot([call(1), call(2)]), incoming(call(3)));
    const after = reduce(before, snapshot([call(2), call(4)]));
    expect(sids(after)).toEqual([sid(4), sid(2)]);
    expect(after.endedCalls.map((c) => c.callSid).sort()).toEqual([sid(1), sid(3)]);
  });

  it('starts afresh when the snapshot is for someone else', () => {
    const before = reduce(initialPanelState, snapshot([call(1)]), { type: 'breach.recorded', callSid: sid(1), strategyId: 's', customerId: null, restrictionType: 'frequency', detail: '', occurredAt: '2030-01-01T09:00:00Z' });
    const after = reduce(before, snapshot([], [], 'supervisor'));
    expect(after.breaches).toEqual([]);
    expect(after.endedCalls).toEqual([]);
  });

  it('adds an incoming call at the top, and does not show it twice', () => {
    const state = reduce(initialPanelState, snapshot([call(1)]), incoming(call(2)), incoming(call(2, { status: 'in-progress' })));
    expect(sids(state)).toEqual([sid(2), sid(1)]);
    expect(state.calls[0]?.status).toBe('in-progress');
  });

  it('updates the status of a call, and takes it off the board when it reaches a final status', () => {
    const start = reduce(initialPanelState, snapshot([call(1), call(2)]));
    const answered = reduce(start, { type: 'call.updated', callSid: sid(1), status: 'in-progress', answeredBy: 'the main queue' });
    expect(answered.calls.find((c) => c.callSid === sid(1))).toMatchObject({ status: 'in-progress', answeredBy: 'the main queue' });
    for (const status of ['completed', 'busy', 'failed', 'no-answer', 'canceled']) {
      const ended = reduce(answered, { type: 'call.updated', callSid: sid(1), status, duration: 42 });
      expect(sids(ended)).toEqual([sid(2)]);
      expect(ended.endedCalls[0]).toMatchObject({ callSid: sid(1), status });
    }
  });

  it('ignores updates for calls it does not show (same state object, nothing to render)', () => {
    const start = reduce(initialPanelState, snapshot([call(1)]));
    expect(reduce(start, { type: 'call.updated', callSid: sid(9), status: 'completed' })).toBe(start);
    expect(reduce(start, { type: 'call.claimed', callSid: sid(9), by: agent })).toBe(start);
  });

  it('records who claimed a call and the warnings given, once each', () => {
    const start = reduce(initialPanelState, snapshot([call(1), call(2)]));
    const warning: ServerMessage = { type: 'call.warning', callSid: sid(1), by: agent, at: '2030-01-01T09:05:00.000Z', note: 'Asked to stop swearing' };
    const state = reduce(start, { type: 'call.claimed', callSid: sid(1), by: agent }, warning, warning);
    const shown = state.calls.find((c) => c.callSid === sid(1));
    expect(shown?.claimedBy).toEqual(agent);
    expect(shown?.warnings).toEqual([{ by: agent, at: '2030-01-01T09:05:00.000Z', note: 'Asked to stop swearing' }]);
    // The other call's object is untouched, so its card is not rebuilt.
    expect(state.calls.find((c) => c.callSid === sid(2))).toBe(start.calls.find((c) => c.callSid === sid(2)));
  });

  it('puts a logged termination on the queue and takes its ended call off the board', () => {
    const start = reduce(initialPanelState, snapshot([call(1), call(2)], [], 'supervisor'));
    const state = reduce(start, { type: 'termination.logged', ...termination(1) });
    expect(state.terminations.map((t) => t.id)).toEqual(['termination-1']);
    expect(sids(state)).toEqual([sid(2)]);
    expect(terminationOf(state, sid(1))?.id).toBe('termination-1');
  });

  it('keeps the call on the board while Twilio has not confirmed the end, and updates the same queue item on retry', () => {
    const start = reduce(initialPanelState, snapshot([call(1)]));
    const unconfirmed = reduce(start, { type: 'termination.logged', ...termination(1, { endState: 'end_requested_unconfirmed' }) });
    expect(sids(unconfirmed)).toEqual([sid(1)]);
    expect(terminationOf(unconfirmed, sid(1))?.endState).toBe('end_requested_unconfirmed');
    const confirmed = reduce(unconfirmed, { type: 'termination.logged', ...termination(1, { endState: 'ended' }) });
    expect(sids(confirmed)).toEqual([]);
    expect(confirmed.terminations).toHaveLength(1);
    expect(confirmed.terminations[0]?.endState).toBe('ended');
  });

  it('moves terminations through the queue: logged, serious, acknowledged', () => {
    const start = reduce(initialPanelState, snapshot([], [termination(1)], 'supervisor'));
    const threat = termination(2, { reason: 'threat_of_violence', serious: true, warned: false });
    const state = reduce(start, { type: 'termination.logged', ...threat }, { type: 'incident.serious', termination: threat });
    expect(state.terminations.map((t) => t.id)).toEqual(['termination-2', 'termination-1']);
    const acknowledged = reduce(state, { type: 'termination.acknowledged', ...termination(1, { acknowledgedBy: supervisor, acknowledgedAt: '2030-01-01T11:00:00Z', acknowledgementNote: 'Seen.' }) });
    expect(acknowledged.terminations.map((t) => t.id)).toEqual(['termination-2']);
    // An already-acknowledged termination arriving late never joins the queue.
    const late = reduce(acknowledged, { type: 'termination.logged', ...termination(3, { acknowledgedAt: '2030-01-01T11:00:00Z' }) });
    expect(late.terminations.map((t) => t.id)).toEqual(['termination-2']);
  });

  it('keeps escalation suggestions, breaches and voicemails, newest first and without repeats', () => {
    const start = reduce(initialPanelState, snapshot([], [], 'supervisor'));
    const escalation: ServerMessage = { type: 'escalation.suggested', id: 'escalation-1', customerId: 'customer-1', callerMasked: null, terminations: 3, withinDays: 30, terminationIds: ['a', 'b', 'c'] };
    const breach = (n: number): ServerMessage => ({ type: 'breach.recorded', callSid: sid(n), strategyId: 's1', customerId: null, restrictionType: 'frequency', detail: 'third call today', occurredAt: '2030-01-01T09:00:00Z' });
    const state = reduce(start, escalation, escalation, breach(1), breach(2), breach(1), { type: 'voicemail.left', callSid: sid(5), staffId: supervisor.id, customerId: null });
    expect(state.escalations).toHaveLength(1);
    expect(state.breaches.map((b) => b.callSid)).toEqual([sid(1), sid(2)]);
    expect(state.voicemails).toHaveLength(1);
    // Not in a snapshot, so a reconnect keeps them.
    expect(reduce(state, snapshot([], [], 'supervisor')).breaches).toHaveLength(2);
  });

  it('ignores message types it does not know, and answers meant for requests', () => {
    const start = reduce(initialPanelState, snapshot([call(1)]));
    const unknown = { type: 'call.teleported', callSid: sid(1) } as unknown as ServerMessage;
    expect(reduce(start, unknown)).toBe(start);
    expect(reduce(start, { type: 'ack', ref: 'r1' })).toBe(start);
    expect(reduce(start, { type: 'error', code: 'invalid_message', message: 'x' })).toBe(start);
  });
});
