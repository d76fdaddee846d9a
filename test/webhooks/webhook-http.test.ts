import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { startTestApp, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, TEST_PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { newCallSid } from '../support/fake-twilio-caller.js';
import { find, parseTwiml } from '../support/twiml.js';

// The voice webhooks are served without express: what HTTP itself answers at their edges.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const params = () => ({ CallSid: newCallSid(), AccountSid: TEST_ACCOUNT_SID, From: '+447700900123', To: '+442079460000', CallStatus: 'ringing' });
const signed = (path: string, p: Record<string, string>) => twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, TEST_PUBLIC_URL + path, p);

async function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string; signWith?: Record<string, string> }) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...init.headers };
  if (init.signWith) headers['x-twilio-signature'] = signed(path, init.signWith);
  const res = await fetch(app.url + path, { method: init.method ?? 'POST', headers, body: init.body });
  return { status: res.status, type: res.headers.get('content-type') ?? '', allow: res.headers.get('allow'), text: await res.text() };
}

describe('voice webhooks over HTTP', () => {
  it('answers a form over 64 KB with 400 and TwiML to DEFAULT_ROUTE, before any signature check', async () => {
    const body = new URLSearchParams({ ...params(), Padding: 'x'.repeat(70_000) }).toString();
    const res = await send('/webhooks/voice/incoming', { body });
    expect(res.status).toBe(400);
    expect(find(parseTwiml(res.text), 'Number')?.text).toBe('+442079460000');
  });

  it('answers a form in a charset other than UTF-8 with 400 and TwiML', async () => {
    const res = await send('/webhooks/voice/incoming', { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=latin1' }, body: 'CallSid=x' });
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/xml/);
  });

  it('answers more than 200 parameters with 400 and TwiML', async () => {
    const body = Array.from({ length: 201 }, (_, i) => `p${i}=1`).join('&');
    const res = await send('/webhooks/voice/incoming', { body });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<Response>/);
  });

  it('checks a signature over the parameters Twilio sent, in any order and with characters encoded', async () => {
    const p = { ...params(), To: '+44 20 7946 0000', Caller: 'Ffion & Ŵyn' };
    const body = Object.entries(p).reverse().map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%20/g, '+')}`).join('&');
    const res = await send('/webhooks/voice/incoming', { body, signWith: p });
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/xml; charset=utf-8');
  });

  it('matches webhook paths as before: any case, with a trailing slash', async () => {
    const p = params();
    const res = await send('/webhooks/voice/Incoming/', { body: new URLSearchParams(p).toString(), signWith: p });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<Dial/);
  });

  it('refuses a signed request to a webhook that does not exist (404) or by another method (405, Allow: POST)', async () => {
    const p = params();
    expect((await send('/webhooks/voice/nowhere', { body: new URLSearchParams(p).toString(), signWith: p })).status).toBe(404);
    const get = await send('/webhooks/voice/incoming', { method: 'GET', signWith: {} });
    expect(get.status).toBe(405);
    expect(get.allow).toBe('POST');
  });

  it('leaves paths that only start like a webhook to the rest of the app', async () => {
    const res = await send('/webhooks/voiceover', { body: 'a=1' });
    expect(res.status).toBe(404);
    expect(res.text).not.toMatch(/Twilio/);
  });
});
