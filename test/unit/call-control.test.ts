import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { twilioCallControl, type CallControl } from '../../src/twilio/call-control.js';
import { createTwilioClient } from '../../src/twilio/twilio-client.js';
import { createLogger } from '../../src/shared/logger.js';
import { FAKE_CALLER_NUMBER, FakeTwilioApi } from '../support/fake-twilio-api.js';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'test-auth-token-0123456789';
const CALL_SID = 'CAfedcba9876543210fedcba9876543210';

let fake: FakeTwilioApi;
let logs: string[];

beforeEach(async () => {
  fake = await FakeTwilioApi.start();
  logs = [];
});

afterEach(async () => {
  await fake.close();
});

function callControl(timeoutMs = 3_000): CallControl {
  const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: fake.url });
  const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }));
  return twilioCallControl(client, logger, { timeoutMs });
}

/** Logs must name the call but never the caller or the credentials. */
function expectCleanLogs() {
  const text = logs.join('');
  expect(text).toContain(CALL_SID);
  for (const secret of [FAKE_CALLER_NUMBER, FAKE_CALLER_NUMBER.slice(3), AUTH_TOKEN, Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')]) {
    expect(text).not.toContain(secret);
  }
}

describe('twilioCallControl.endCall', () => {
  it('posts Status=completed for the call, with the account credentials, and reports it ended', async () => {
    await expect(callControl().endCall(CALL_SID)).resolves.toEqual({ outcome: 'ended' });

    expect(fake.requests).toEqual([
      {
        method: 'POST',
        path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${CALL_SID}.json`,
        accountSid: ACCOUNT_SID,
        callSid: CALL_SID,
        form: { Status: 'completed' },
        authorization: { username: ACCOUNT_SID, password: AUTH_TOKEN },
      },
    ]);
    expectCleanLogs();
  });

  it('treats a call Twilio no longer has (404, code 20404) as already ended', async () => {
    fake.respondWith('not-found');
    await expect(callControl().endCall(CALL_SID)).resolves.toEqual({ outcome: 'already-ended' });
    expectCleanLogs();
  });

  it('treats a call that is not in progress (400, code 21220) as already ended', async () => {
    fake.respondWith('not-in-progress');
    await expect(callControl().endCall(CALL_SID)).resolves.toEqual({ outcome: 'already-ended' });
    expectCleanLogs();
  });

  it('reports a Twilio server error as failed, with its status and code', async () => {
    fake.respondWith('server-error');
    const result = await callControl().endCall(CALL_SID);
    expect(result).toEqual({ outcome: 'failed', status: 500, code: 20500, reason: 'Twilio refused: Internal Server Error (HTTP 500, code 20500)' });
    expect(logs.join('')).toContain('"level":40');
    expectCleanLogs();
  });

  it('gives up when Twilio does not answer in time', async () => {
    fake.respondWith('hang');
    const started = performance.now();
    const result = await callControl(300).endCall(CALL_SID);
    const elapsed = performance.now() - started;

    expect(result).toMatchObject({ outcome: 'failed', status: null, code: null });
    expect(result.outcome === 'failed' && result.reason).toMatch(/did not answer in time/);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
    expect(fake.requests).toHaveLength(1);
    expectCleanLogs();
  });

  it('reports a dropped connection as failed', async () => {
    fake.respondWith('drop');
    const result = await callControl().endCall(CALL_SID);
    expect(result).toMatchObject({ outcome: 'failed', status: null, code: null });
    expect(result.outcome === 'failed' && result.reason).toMatch(/^Could not reach Twilio/);
    expectCleanLogs();
  });

  it('reports an unreachable Twilio as failed', async () => {
    const control = callControl();
    await fake.close();
    const result = await control.endCall(CALL_SID);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'Could not reach Twilio (ECONNREFUSED)' });
    fake = await FakeTwilioApi.start(); // for afterEach
  });

  it('refuses a malformed call id without asking Twilio', async () => {
    const result = await callControl().endCall('CA../../Messages');
    expect(result).toMatchObject({ outcome: 'failed', status: null, code: null });
    expect(fake.requests).toHaveLength(0);
  });

  it('can succeed on a retry after a failure', async () => {
    fake.respondWith('server-error', 1);
    const control = callControl();
    expect((await control.endCall(CALL_SID)).outcome).toBe('failed');
    expect((await control.endCall(CALL_SID)).outcome).toBe('ended');
    expect(fake.requests).toHaveLength(2);
  });
});

describe('FakeTwilioApi', () => {
  it('answers anything but a call update with a Twilio-shaped 404, and records it', async () => {
    const res = await fetch(`${fake.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, { method: 'POST', body: new URLSearchParams({ Body: 'hi' }) });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ code: 20404, status: 404 });
    expect(fake.requests).toEqual([expect.objectContaining({ accountSid: null, callSid: null, form: { Body: 'hi' }, authorization: null })]);
  });
});
