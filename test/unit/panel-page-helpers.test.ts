import { describe, expect, it } from 'vitest';
import { clientMessageSchema } from '../../src/panel/panel.protocol.js';
import { MAX_RETRY_MS, reconnectDelay } from '../../web/panel/backoff.js';
import { fieldProblems } from '../../web/panel/panel-field-problems.js';
import { clockTime, decisionSummary, historySummary, restrictionLabel, timeAgo, when } from '../../web/panel/wording.js';

const NOW = Date.parse('2030-06-10T12:00:00Z');

describe('panel page: reconnect backoff', () => {
  it('doubles from 1 s to a 30 s cap, with ±20 % jitter', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => reconnectDelay(n, middle))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(reconnectDelay(0, () => 0)).toBe(800);
    expect(reconnectDelay(0, () => 0.999)).toBe(1200);
    expect(reconnectDelay(20, () => 0.999)).toBe(MAX_RETRY_MS);
  });
});

describe('panel page: wording', () => {
  it('names restrictions in plain words', () => {
    expect(['bar', 'spoc', 'warning', 'record', 'frequency', 'maxDuration', 'callWindows'].map(restrictionLabel)).toEqual([
      'Call bar',
      'Single point of contact',
      'Warning',
      'Recorded',
      'Call limit',
      'Time limit',
      'Call times',
    ]);
  });

  it('sums up a caller’s history', () => {
    expect(historySummary({ terminations: 2, breaches: 1, lastCallAt: new Date(NOW - 3 * 86_400_000).toISOString() }, NOW)).toBe(
      '2 earlier terminated calls · 1 breach · last call 3 days ago',
    );
    expect(historySummary({ terminations: 1, breaches: 0, lastCallAt: null }, NOW)).toBe('1 earlier terminated call · no breaches · no earlier calls');
    expect(historySummary({ terminations: 0, breaches: 3, lastCallAt: new Date(NOW - 5 * 60_000).toISOString() }, NOW)).toBe(
      'No earlier terminated calls · 3 breaches · last call 5 minutes ago',
    );
  });

  it('says how long ago', () => {
    expect(timeAgo(new Date(NOW - 10_000).toISOString(), NOW)).toBe('just now');
    expect(timeAgo(new Date(NOW - 60 * 60_000).toISOString(), NOW)).toBe('1 hour ago');
    expect(timeAgo(new Date(NOW - 86_400_000).toISOString(), NOW)).toBe('yesterday');
    expect(timeAgo('2030-01-02T09:00:00Z', NOW)).toBe('on 2 January 2030');
  });

  it('says when, with the date once it is not today', () => {
    const earlier = new Date(NOW - 60 * 60_000).toISOString();
    expect(when(earlier, NOW)).toBe(`at ${clockTime(earlier)}`);
    expect(when('2030-06-03T09:00:00Z', NOW)).toBe(`on 3 June at ${clockTime('2030-06-03T09:00:00Z')}`);
  });

  it('sums up the decision', () => {
    expect(decisionSummary({ kind: 'connect', summary: 'connected, warning played', spocStaffId: null, breaches: 0 })).toBe('Connected, warning played');
    expect(decisionSummary({ kind: 'refuse', summary: 'refused (frequency)', spocStaffId: null, breaches: 1 })).toBe('Refused (frequency) · 1 breach on this call');
  });
});

describe('panel page: problems with what the agent typed', () => {
  it('puts each problem of the shared schema against its field, in plain words', () => {
    const parsed = clientMessageSchema.safeParse({ type: 'call.end', callSid: 'CA123', reason: undefined, details: '', warned: false });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(fieldProblems(parsed.error)).toEqual({
      callSid: expect.stringContaining('Enter a Twilio CallSid'),
      reason: 'Choose a reason',
    });
  });

  it('asks why no warning was given, and for details when the reason is "other"', () => {
    const callSid = `CA${'a'.repeat(32)}`;
    const notWarned = clientMessageSchema.safeParse({ type: 'call.end', callSid, reason: 'harassment', details: '', warned: false });
    expect(notWarned.success ? {} : fieldProblems(notWarned.error)).toEqual({ justification: expect.stringMatching(/^Say why no warning was given first/) });
    const other = clientMessageSchema.safeParse({ type: 'termination.log', callSid, reason: 'other', details: '  ', warned: true });
    expect(other.success ? {} : fieldProblems(other.error)).toEqual({ details: 'Details are required when the reason is "other"' });
    const threat = clientMessageSchema.safeParse({ type: 'call.end', callSid, reason: 'threat_of_violence', details: '', warned: false });
    expect(threat.success).toBe(true);
  });

  it('requires an acknowledgement note', () => {
    const parsed = clientMessageSchema.safeParse({ type: 'termination.acknowledge', id: '6f1c1d8e-0000-4000-8000-000000000000', note: '   ' });
    expect(parsed.success ? {} : fieldProblems(parsed.error, { note: 'Note' })).toEqual({ note: 'Write a note: what was done, or what happens next' });
  });
});
