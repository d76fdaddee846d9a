import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { startTestApp, TEST_ACCOUNT_SID, TEST_PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { FakeTwilioCaller, newCallSid } from '../support/fake-twilio-caller.js';
import { find, verbs } from '../support/twiml.js';

let app: TestApp;
let caller: FakeTwilioCaller;
beforeAll(async () => {
  app = await startTestApp();
  caller = new FakeTwilioCaller(app.url);
});
afterAll(() => app?.close());

const params = () => ({ CallSid: newCallSid(), AccountSid: TEST_ACCOUNT_SID, From: '+447700900123', To: '+442079460000', CallStatus: 'ringing' });
const WEBHOOKS = ['incoming', 'status', 'dial-result?step=1', 'emergency', 'emergency-result', 'voicemail', 'recording-status?kind=call'];

describe('webhook signatures', () => {
  it.each(WEBHOOKS)('refuses /webhooks/voice/%s with a forged signature (403)', async (path) => {
    const res = await caller.post(`/webhooks/voice/${path}`, params(), { signature: 'bm90IGEgc2lnbmF0dXJl' });
    expect(res.status).toBe(403);
  });

  it.each(WEBHOOKS)('refuses /webhooks/voice/%s with no signature (403)', async (path) => {
    expect((await caller.post(`/webhooks/voice/${path}`, params(), { signature: null })).status).toBe(403);
  });

  it('refuses a request signed with another auth token', async () => {
    const forged = new FakeTwilioCaller(app.url, 'someone-elses-token');
    expect((await forged.call('+447700900123')).status).toBe(403);
  });

  it('refuses a signature computed over the loopback address rather than PUBLIC_URL', async () => {
    const p = params();
    const signature = twilio.getExpectedTwilioSignature('test-auth-token-0123456789', `${app.url}/webhooks/voice/incoming`, p);
    expect((await caller.post('/webhooks/voice/incoming', p, { signature })).status).toBe(403);
  });

  it('refuses a signed request whose parameters were tampered with', async () => {
    const p = params();
    const signature = twilio.getExpectedTwilioSignature('test-auth-token-0123456789', `${TEST_PUBLIC_URL}/webhooks/voice/incoming`, p);
    expect((await caller.post('/webhooks/voice/incoming', { ...p, From: '+447700900999' }, { signature })).status).toBe(403);
  });

  it('stores nothing for a forged call', async () => {
    const p = params();
    await caller.post('/webhooks/voice/incoming', p, { signature: 'forged' });
    const supervisor = await app.staff('supervisor');
    const calls = (await supervisor.api.get('/api/calls')).body.items;
    expect(calls.find((c: { callSid: string }) => c.callSid === p.CallSid)).toBeUndefined();
  });
});

describe('signed but malformed requests still get valid TwiML', () => {
  it.each([
    ['no fields at all', {}],
    ['a garbage CallSid', { CallSid: 'not-a-sid', AccountSid: 'AC123', From: '+447700900123' }],
    ['a huge From', { ...params(), From: '9'.repeat(5000) }],
    ['unicode and injection strings', { ...params(), From: "'; drop table calls; --", To: '☎️📞', CallStatus: '<script>' }],
  ])('answers %s with 200 and TwiML connecting to DEFAULT_ROUTE', async (_label, body) => {
    const res = await caller.post('/webhooks/voice/incoming', body);
    expect(res.status).toBe(200);
    expect(res.twiml).not.toBeNull();
    expect(find(res.twiml!, 'Number')?.text).toBe('+442079460000');
  });

  it('answers a malformed status callback with 200 and an empty Response', async () => {
    const res = await caller.post('/webhooks/voice/status', { CallSid: 'junk', CallStatus: 'exploded' });
    expect(res.status).toBe(200);
    expect(res.twiml && verbs(res.twiml)).toEqual([]);
  });

  it('ends a dial step of an unknown call politely, never at the default route', async () => {
    const res = await caller.post('/webhooks/voice/dial-result?step=1', { ...params(), DialCallStatus: 'no-answer' });
    expect(res.status).toBe(200);
    expect(verbs(res.twiml!)).toEqual(['Say', 'Hangup']);
  });

  it('answers TwiML even for a body that cannot be parsed', async () => {
    const res = await fetch(`${app.url}/webhooks/voice/incoming`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' },
      body: 'not gzip',
    });
    expect(res.headers.get('content-type')).toMatch(/xml/);
    expect(await res.text()).toMatch(/<Response>/);
  });
});
