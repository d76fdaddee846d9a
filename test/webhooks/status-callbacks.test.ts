import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { calls } from '../../db/schema/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FakeTwilioCaller, newCallSid } from '../support/fake-twilio-caller.js';

let app: TestApp;
let caller: FakeTwilioCaller;
beforeAll(async () => {
  app = await startTestApp();
  caller = new FakeTwilioCaller(app.url);
});
afterAll(() => app?.close());

const rowsOf = (callSid: string) => app.server.database.db.select().from(calls).where(eq(calls.callSid, callSid));

describe('status callbacks', () => {
  it('leave one row with the final status, whatever the duplicates and order', async () => {
    const { callSid } = await caller.call('07700 900321');
    const sends = [
      () => caller.status(callSid, 'completed', { SequenceNumber: '3', CallDuration: '45' }),
      () => caller.status(callSid, 'ringing', { SequenceNumber: '1' }),
      () => caller.status(callSid, 'in-progress', { SequenceNumber: '2' }),
      () => caller.status(callSid, 'completed', { SequenceNumber: '3', CallDuration: '45' }),
      () => caller.status(callSid, 'initiated', { SequenceNumber: '0' }),
    ];
    for (const send of sends) expect((await send()).status).toBe(200);
    const rows = await rowsOf(callSid);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'completed', durationSeconds: 45, decisionKind: 'connect' });
    expect(rows[0]?.endedAt).not.toBeNull();
  });

  it('apply in order when they arrive in order', async () => {
    const { callSid } = await caller.call('07700 900322');
    await caller.status(callSid, 'in-progress', { SequenceNumber: '1' });
    expect((await rowsOf(callSid))[0]?.status).toBe('in-progress');
    await caller.status(callSid, 'busy', { SequenceNumber: '2', CallDuration: '0' });
    expect((await rowsOf(callSid))[0]).toMatchObject({ status: 'busy', durationSeconds: 0 });
  });

  it('survive concurrent duplicates', async () => {
    const { callSid } = await caller.call('07700 900323');
    await Promise.all(Array.from({ length: 10 }, (_, i) => caller.status(callSid, i % 2 ? 'completed' : 'in-progress', { SequenceNumber: String(i % 2 ? 4 : 2), CallDuration: '30' })));
    const rows = await rowsOf(callSid);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'completed', durationSeconds: 30 });
  });

  it('keep a status that arrives before the call itself, and the decision when the call is recorded after', async () => {
    const callSid = newCallSid();
    await caller.status(callSid, 'completed', { SequenceNumber: '5', CallDuration: '12' });
    await caller.call('07700 900324', { CallSid: callSid });
    const rows = await rowsOf(callSid);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'completed', durationSeconds: 12, decisionKind: 'connect', callerE164: '+447700900324' });
  });

  it('record a retried incoming webhook once', async () => {
    const first = await caller.call('07700 900325');
    await caller.call('07700 900325', { CallSid: first.callSid });
    expect(await rowsOf(first.callSid)).toHaveLength(1);
  });
});

describe('GET /api/calls and /api/breaches', () => {
  it('filter by number in any spelling, and are for supervisors and above', async () => {
    const { callSid } = await caller.call('07700 900326');
    const supervisor = await app.staff('supervisor');
    for (const spelling of ['07700900326', '+44 (0)7700 900326', '447700900326']) {
      const res = await supervisor.api.get(`/api/calls?number=${encodeURIComponent(spelling)}`);
      expect(res.body.items.map((c: { callSid: string }) => c.callSid)).toEqual([callSid]);
    }
    expect((await supervisor.api.get('/api/calls?number=nonsense')).status).toBe(400);
    const agent = await app.staff('agent');
    expect((await agent.api.get('/api/calls')).status).toBe(403);
    expect((await agent.api.get('/api/breaches')).status).toBe(403);
    const director = await app.staff('director');
    expect((await director.api.get('/api/breaches')).status).toBe(200);
  });
});
