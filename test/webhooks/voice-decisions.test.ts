import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { TestClock } from '../support/test-clock.js';
import { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { dramaNumber, givenStrategy, startCallScenario, type Cast } from '../support/scenario.js';
import { find, spokenText, verbs, type TwimlNode } from '../support/twiml.js';

// Wednesday 25 November 2026, 15:00 in London (GMT).
const WEDNESDAY_3PM = new Date('2026-11-25T15:00:00Z');
const ALTERNATIVE = 'You can still write to us at 1 Example Street, or email casework@example.org.';
const url = (path: string) => `${TEST_PUBLIC_URL}${path}`;

let app: TestApp;
let cast: Cast;
let twilio: FakeTwilioCaller;

beforeAll(async () => {
  ({ app, cast, caller: twilio } = await startCallScenario({ clock: new TestClock(WEDNESDAY_3PM) }));
});
afterAll(() => app?.close());

const twimlOf = (answer: { status: number; twiml: TwimlNode | null; body: string }): TwimlNode => {
  expect(answer.status, answer.body).toBe(200);
  if (!answer.twiml) throw new Error(`not TwiML: ${answer.body}`);
  return answer.twiml;
};

async function storedCall(callSid: string) {
  const res = await cast.supervisor.api.get(`/api/calls?since=${new Date(WEDNESDAY_3PM.getTime() - 86_400_000).toISOString()}&limit=1000`);
  return res.body.items.find((c: { callSid: string }) => c.callSid === callSid);
}
const breachesOf = async (strategyId: string) => (await cast.supervisor.api.get(`/api/breaches?strategyId=${strategyId}`)).body.items;

describe('a caller with no strategy', () => {
  it('is connected to DEFAULT_ROUTE and the call is recorded', async () => {
    const number = dramaNumber();
    const answer = await twilio.call(number);
    const twiml = twimlOf(answer);
    expect(verbs(twiml)).toEqual(['Dial']);
    expect(find(twiml, 'Number')?.text).toBe('+442079460000');
    expect(find(twiml, 'Dial')?.attrs.action).toBe(url('/webhooks/voice/dial-result?step=1'));
    expect(await storedCall(answer.callSid)).toMatchObject({ callerE164: `+44${number.replace(/\s/g, '').slice(1)}`, decisionKind: 'connect', customerId: null, outcome: 'connecting', status: 'ringing' });
  });
});

describe('warning', () => {
  it('speaks the default text naming the policy, then connects', async () => {
    const { number, strategyId } = await givenStrategy(app, cast, { restrictions: [{ type: 'warning' }] });
    const answer = await twilio.call(number);
    const twiml = twimlOf(answer);
    expect(verbs(twiml)).toEqual(['Say', 'Dial']);
    expect(spokenText(twiml)).toMatch(/unreasonably persistent contact and unacceptable behaviour/);
    expect(await storedCall(answer.callSid)).toMatchObject({ decisionKind: 'connect', strategyIds: [strategyId] });
    expect(await breachesOf(strategyId)).toEqual([]);
  });

  it("speaks the strategy's own message", async () => {
    const { number } = await givenStrategy(app, cast, { restrictions: [{ type: 'warning', message: 'Please keep this call civil.' }] });
    expect(spokenText(twimlOf(await twilio.call(number)))).toContain('Please keep this call civil.');
  });
});

describe('bar', () => {
  it('says the line is barred, how the caller CAN make contact and how to raise a new matter, then hangs up; a breach is stored', async () => {
    const { number, strategyId, customerId } = await givenStrategy(app, cast, { restrictions: [{ type: 'bar' }] });
    const answer = await twilio.call(number);
    const twiml = twimlOf(answer);
    expect(verbs(twiml).at(-1)).toBe('Hangup');
    expect(find(twiml, 'Dial')).toBeUndefined();
    expect(find(twiml, 'Gather')).toBeUndefined();
    const said = spokenText(twiml);
    expect(said).toMatch(/not accepting phone calls from this number/);
    expect(said).toContain(ALTERNATIVE);
    expect(said).toMatch(/new matter/);
    expect(find(twiml, 'Say')?.attrs).toMatchObject({ voice: 'Polly.Amy', language: 'en-GB' });
    expect(await storedCall(answer.callSid)).toMatchObject({ decisionKind: 'refuse', outcome: 'refused:bar', customerId, strategyIds: [strategyId] });
    const [breach, ...rest] = await breachesOf(strategyId);
    expect(rest).toEqual([]);
    expect(breach).toMatchObject({ callSid: answer.callSid, restrictionType: 'bar', customerId });
  });

  it('offers the emergency key: 1 connects to EMERGENCY_ROUTE and is recorded as a bypass', async () => {
    const { number } = await givenStrategy(app, cast, { restrictions: [{ type: 'bar', emergencyBypass: true }] });
    const answer = await twilio.call(number);
    const gather = find(twimlOf(answer), 'Gather');
    expect(gather?.attrs).toMatchObject({ action: url('/webhooks/voice/emergency'), numDigits: '1' });
    expect(spokenText(gather!)).toMatch(/emergency.*press 1|press 1.*emergency/i);

    const pressed = twimlOf(await twilio.action(gather!.attrs.action!, answer.callSid, { Digits: '1' }));
    expect(find(pressed, 'Number')?.text).toBe('+442079460999');
    expect(find(pressed, 'Dial')?.attrs.action).toBe(url('/webhooks/voice/emergency-result'));
    const stored = await storedCall(answer.callSid);
    expect(stored).toMatchObject({ outcome: 'emergency-bypass' });
    expect(stored.emergencyBypassAt).not.toBeNull();
    const audit = await cast.supervisor.api.get(`/api/audit?entity=call&id=${answer.callSid}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['call.emergency_bypass']);
  });

  it('hangs up politely on any other key', async () => {
    const { number } = await givenStrategy(app, cast, { restrictions: [{ type: 'bar', emergencyBypass: true }] });
    const answer = await twilio.call(number);
    const other = twimlOf(await twilio.action(url('/webhooks/voice/emergency'), answer.callSid, { Digits: '5' }));
    expect(verbs(other)).toEqual(['Say', 'Hangup']);
    expect(spokenText(other)).toMatch(/goodbye/i);
    expect((await storedCall(answer.callSid)).emergencyBypassAt).toBeNull();
  });
});

describe('single point of contact', () => {
  it('rings only the SPOC, then the deputy, then takes a voicemail for the SPOC; never the default route', async () => {
    const { number, customerId } = await givenStrategy(app, cast, {
      restrictions: [{ type: 'spoc', staffId: cast.spoc.staff.id, deputyStaffId: cast.deputy.staff.id }],
    });
    const answer = await twilio.call(number);
    const first = twimlOf(answer);
    expect(find(first, 'Number')?.text).toBe('+442079460501');
    expect(find(first, 'Dial')?.attrs).toMatchObject({ action: url('/webhooks/voice/dial-result?step=1'), timeout: '20' });

    const deputy = twimlOf(await twilio.action(find(first, 'Dial')!.attrs.action!, answer.callSid, { DialCallStatus: 'no-answer' }));
    expect(find(deputy, 'Client')?.text).toBe('deputy-desk');
    expect(find(deputy, 'Number')).toBeUndefined();

    const voicemail = twimlOf(await twilio.action(find(deputy, 'Dial')!.attrs.action!, answer.callSid, { DialCallStatus: 'busy' }));
    expect(verbs(voicemail)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
    expect(find(voicemail, 'Record')?.attrs).toMatchObject({ action: url('/webhooks/voice/voicemail'), playBeep: 'true' });
    expect(JSON.stringify(voicemail)).not.toContain('+442079460000');

    const recordingUrl = 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Recordings/RE0123456789abcdef0123456789abcdef';
    const saved = twimlOf(
      await twilio.action(url('/webhooks/voice/voicemail'), answer.callSid, { RecordingSid: 'RE0123456789abcdef0123456789abcdef', RecordingUrl: recordingUrl, RecordingDuration: '12' }),
    );
    expect(verbs(saved)).toEqual(['Say', 'Hangup']);
    expect(await storedCall(answer.callSid)).toMatchObject({ outcome: 'voicemail', customerId });
    const [voicemailRow] = await app.server.database.db.query.voicemails.findMany({ where: (v, { eq }) => eq(v.callSid, answer.callSid) });
    expect(voicemailRow).toMatchObject({ customerId, staffId: cast.spoc.staff.id, recordingUrl, durationSeconds: 12 });
  });

  it('hangs up after the SPOC answered and notes who took the call', async () => {
    const { number } = await givenStrategy(app, cast, { restrictions: [{ type: 'spoc', staffId: cast.spoc.staff.id }] });
    const answer = await twilio.call(number);
    const done = twimlOf(await twilio.action(url('/webhooks/voice/dial-result?step=1'), answer.callSid, { DialCallStatus: 'completed', DialCallDuration: '65' }));
    expect(verbs(done)).toEqual(['Hangup']);
    expect(await storedCall(answer.callSid)).toMatchObject({ outcome: 'answered', answeredBy: `staff:${cast.spoc.staff.id}` });
  });
});

describe('frequency', () => {
  it('lets the first call of the week through, then refuses with the date calls are accepted again; a breach each time', async () => {
    const { number, strategyId } = await givenStrategy(app, cast, { restrictions: [{ type: 'frequency', maxCalls: 1, per: 'week' }] });
    expect(find(twimlOf(await twilio.call(number)), 'Dial')).toBeDefined();
    const second = await twilio.call(number);
    const refused = twimlOf(second);
    expect(verbs(refused).at(-1)).toBe('Hangup');
    expect(spokenText(refused)).toMatch(/Monday 30 November/);
    expect(spokenText(refused)).toContain(ALTERNATIVE);
    await twilio.call(number);
    const breaches = await breachesOf(strategyId);
    expect(breaches).toHaveLength(2);
    expect(breaches.map((b: { restrictionType: string }) => b.restrictionType)).toEqual(['frequency', 'frequency']);
  });
});

describe('call windows', () => {
  it('refuses outside the windows, naming the next window, and connects inside them', async () => {
    const { number, strategyId } = await givenStrategy(app, cast, {
      restrictions: [{ type: 'callWindows', windows: [{ days: ['tue', 'thu'], from: '10:00', to: '12:00' }] }],
    });
    const outside = twimlOf(await twilio.call(number));
    expect(spokenText(outside)).toMatch(/Thursday 26 November.*10:00.*12:00/);
    expect(find(outside, 'Dial')).toBeUndefined();
    expect(await breachesOf(strategyId)).toHaveLength(1);

    app.clock.set('2026-11-26T10:30:00Z');
    try {
      expect(find(twimlOf(await twilio.call(number)), 'Dial')).toBeDefined();
    } finally {
      app.clock.set(WEDNESDAY_3PM);
    }
  });
});

describe('maximum duration and recording', () => {
  it('limits the Dial, records it with a spoken notice, and stores the recording against the call', async () => {
    const { number } = await givenStrategy(app, cast, { restrictions: [{ type: 'maxDuration', seconds: 600 }, { type: 'record' }] });
    const answer = await twilio.call(number);
    const twiml = twimlOf(answer);
    const dial = find(twiml, 'Dial')!;
    expect(dial.attrs).toMatchObject({ timeLimit: '600', record: 'record-from-answer-dual', recordingStatusCallback: url('/webhooks/voice/recording-status?kind=call') });
    expect(spokenText(twiml)).toMatch(/recorded/);
    expect(spokenText(twiml)).toMatch(/10 minutes/);

    const recordingUrl = 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Recordings/RE11111111111111111111111111111111';
    const callback = await twilio.post('/webhooks/voice/recording-status?kind=call', {
      CallSid: answer.callSid,
      AccountSid: 'AC0123456789abcdef0123456789abcdef',
      RecordingSid: 'RE11111111111111111111111111111111',
      RecordingUrl: recordingUrl,
      RecordingStatus: 'completed',
      RecordingDuration: '31',
    });
    expect(callback.status).toBe(200);
    expect(await storedCall(answer.callSid)).toMatchObject({ recordingUrl, recordingSid: 'RE11111111111111111111111111111111' });
  });
});

describe('restrictions combined', () => {
  it('spoc + record + maxDuration + warning: warning and recording notice, then the SPOC only, recorded and time-limited', async () => {
    const { number, strategyId } = await givenStrategy(app, cast, {
      restrictions: [
        { type: 'spoc', staffId: cast.spoc.staff.id },
        { type: 'record' },
        { type: 'maxDuration', seconds: 300 },
        { type: 'warning', message: 'Calls to us are monitored under our behaviour policy.' },
      ],
    });
    const answer = await twilio.call(number);
    const twiml = twimlOf(answer);
    expect(verbs(twiml)).toEqual(['Say', 'Say', 'Say', 'Dial']);
    const said = spokenText(twiml);
    expect(said.indexOf('monitored under our behaviour policy')).toBeLessThan(said.indexOf('recorded'));
    expect(find(twiml, 'Dial')?.attrs).toMatchObject({ timeLimit: '300', record: 'record-from-answer-dual', timeout: '20' });
    expect(find(twiml, 'Number')?.text).toBe('+442079460501');
    expect(answer.decision).toMatch(/kind=connect .*spoc=yes record=yes time-limit=300/);
    expect(await storedCall(answer.callSid)).toMatchObject({ decisionKind: 'connect', strategyIds: [strategyId] });
  });
});

describe('communication needs and language (R13)', () => {
  it('speaks Welsh with Polly.Gwyneth to a Welsh-speaking customer', async () => {
    const { number } = await givenStrategy(app, cast, { restrictions: [{ type: 'bar' }], customer: { language: 'cy-GB' } });
    const twiml = twimlOf(await twilio.call(number));
    const says = twiml.children.filter((c) => c.name === 'Say');
    expect(says.length).toBeGreaterThan(0);
    for (const say of says) expect(say.attrs).toEqual({ voice: 'Polly.Gwyneth', language: 'cy-GB' });
    expect(spokenText(twiml)).not.toMatch(/not accepting phone calls/);
    expect(spokenText(twiml)).toContain('Gallwch ysgrifennu atom o hyd yn 1 Example Street');
    expect(spokenText(twiml)).not.toContain(ALTERNATIVE);
  });

  it('speaks slowly, with pauses, when the communication needs ask for it', async () => {
    const { number } = await givenStrategy(app, cast, { restrictions: [{ type: 'bar' }], customer: { communicationNeeds: 'Please speak slowly.' } });
    const twiml = twimlOf(await twilio.call(number));
    expect(find(twiml, 'prosody')?.attrs).toEqual({ rate: 'slow' });
    expect(verbs(twiml)).toContain('Pause');
  });
});

describe('withheld numbers', () => {
  it.each(['anonymous', 'restricted', 'unknown', '', '+266696687'])('connects %j normally and marks the call withheld', async (from) => {
    const answer = await twilio.call(from);
    expect(find(twimlOf(answer), 'Number')?.text).toBe('+442079460000');
    expect(answer.decision).toMatch(/withheld=yes/);
    expect(await storedCall(answer.callSid)).toMatchObject({ callerWithheld: true, callerE164: null });
  });

  it('asks them to call from a visible number when BLOCK_WITHHELD=1', async () => {
    const strict = await startTestApp({ env: { BLOCK_WITHHELD: '1' } });
    try {
      const twiml = twimlOf(await new FakeTwilioCaller(strict.url).call('anonymous'));
      expect(find(twiml, 'Dial')).toBeUndefined();
      expect(spokenText(twiml)).toMatch(/withheld|not shown|hidden/i);
    } finally {
      await strict.close();
    }
  });
});
