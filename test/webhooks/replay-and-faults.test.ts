import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { eq, sql } from 'drizzle-orm';
import { openDatabase } from '../../db/database.js';
import { breaches, calls } from '../../db/schema/index.js';
import { startServer } from '../../src/server.js';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, TEST_PUBLIC_URL, testConfig, type TestApp } from '../support/test-app.js';
import { FakeTwilioCaller, newCallSid } from '../support/fake-twilio-caller.js';
import { PanelClient } from '../support/panel-client.js';
import { givenStrategy, startCallScenario, type Cast } from '../support/scenario.js';
import { createEmptyPostgresDatabase, LOCAL_POSTGRES_URL } from '../support/test-database.js';

let app: TestApp;
let cast: Cast;
let caller: FakeTwilioCaller;
beforeAll(async () => {
  ({ app, cast, caller } = await startCallScenario());
});
afterAll(() => app?.close());

const rowOf = async (callSid: string) => (await app.server.deps.db.select().from(calls).where(eq(calls.callSid, callSid)))[0];

describe('signatures as Twilio computes them', () => {
  it('accepts a signature over the URL with the default port and with the query string', async () => {
    const params = { CallSid: newCallSid(), AccountSid: TEST_ACCOUNT_SID, From: '+447700900123', To: '+442079460000', CallStatus: 'ringing' };
    const withPort = twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${TEST_PUBLIC_URL}:443/webhooks/voice/incoming`, params);
    expect((await caller.post('/webhooks/voice/incoming', params, { signature: withPort })).status).toBe(200);
    const dial = { ...params, DialCallStatus: 'completed' };
    const withQuery = twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${TEST_PUBLIC_URL}/webhooks/voice/dial-result?step=1`, dial);
    expect((await caller.post('/webhooks/voice/dial-result?step=1', dial, { signature: withQuery })).status).toBe(200);
    const withoutQuery = twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${TEST_PUBLIC_URL}/webhooks/voice/dial-result`, dial);
    expect((await caller.post('/webhooks/voice/dial-result?step=1', dial, { signature: withoutQuery })).status).toBe(403);
  });
});

describe('replayed webhooks', () => {
  it('change nothing for a call that has ended', async () => {
    const { number, strategyId } = await givenStrategy(app, cast, { restrictions: [{ type: 'bar' }] });
    const panel = await PanelClient.open(app.url, cast.agent.token);
    try {
      const first = await caller.call(number);
      await caller.status(first.callSid, 'completed', { SequenceNumber: '2', CallDuration: '20' });
      const before = await rowOf(first.callSid);
      expect((await cast.supervisor.api.post(`/api/strategies/${strategyId}/lift`, { reason: 'Resolved.' })).status).toBe(200);
      const replay = await caller.call(number, { CallSid: first.callSid });
      expect(replay.status).toBe(200);
      expect(await rowOf(first.callSid)).toEqual(before);
      expect(await app.server.deps.db.select().from(breaches).where(eq(breaches.callSid, first.callSid))).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(panel.messages.filter((m) => m.type === 'call.incoming' && m.callSid === first.callSid)).toHaveLength(1);
    } finally {
      panel.close();
    }
  });

  it('honour I-Twilio-Idempotency-Token: a retry gets the first answer and is not processed again', async () => {
    const panel = await PanelClient.open(app.url, cast.agent.token);
    try {
      const params = { CallSid: newCallSid(), AccountSid: TEST_ACCOUNT_SID, From: '+447700900777', To: '+442079460000', CallStatus: 'ringing' };
      const concurrent = { ...params, CallSid: newCallSid() };
      const send = (token: string, form = params) =>
        fetch(`${app.url}/webhooks/voice/incoming`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${TEST_PUBLIC_URL}/webhooks/voice/incoming`, form),
            'i-twilio-idempotency-token': token,
          },
          body: new URLSearchParams(form),
        });
      const first = await send('token-1');
      const retry = await send('token-1');
      expect(retry.status).toBe(200);
      expect(await retry.text()).toBe(await first.text());
      expect(retry.headers.get('x-callguard-decision')).toBe(first.headers.get('x-callguard-decision'));
      // A retry that arrives while the first is still being answered waits for that answer.
      const [one, two] = await Promise.all([send('token-2', concurrent), send('token-2', concurrent)]);
      expect(await two.text()).toBe(await one.text());
      await new Promise((r) => setTimeout(r, 200));
      expect(panel.messages.filter((m) => m.type === 'call.incoming' && m.callSid === params.CallSid)).toHaveLength(1);
      expect(panel.messages.filter((m) => m.type === 'call.incoming' && m.callSid === concurrent.CallSid)).toHaveLength(1);
    } finally {
      panel.close();
    }
  });
});

describe('database faults', () => {
  it('still answers within 2 s when every connection in the pool is busy, and writes the call afterwards', async () => {
    const pg = await createEmptyPostgresDatabase(LOCAL_POSTGRES_URL);
    if (!pg) throw new Error('no PostgreSQL');
    const database = await openDatabase({ kind: 'postgres', url: pg.url, max: 2 });
    const server = await startServer(testConfig(), { database });
    try {
      const held = Promise.all([database.db.execute(sql`select pg_sleep(3)`), database.db.execute(sql`select pg_sleep(3)`)]);
      await new Promise((r) => setTimeout(r, 100));
      const answer = await new FakeTwilioCaller(server.url).call('07700 900778');
      expect(answer.status).toBe(200);
      expect(answer.ms).toBeLessThan(2_000);
      expect(answer.twiml?.children.map((c) => c.name)).toEqual(['Dial']);
      await held;
      const deadline = Date.now() + 10_000;
      let rows: unknown[] = [];
      while (rows.length === 0 && Date.now() < deadline) {
        rows = await database.db.select().from(calls).where(eq(calls.callSid, answer.callSid));
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(rows).toHaveLength(1);
    } finally {
      await server.close();
      await database.close();
      await pg.drop();
    }
  });
});
