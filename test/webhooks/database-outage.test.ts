import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../db/database.js';
import { createLogger } from '../../src/shared/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { testConfig } from '../support/test-app.js';
import { ApiClient } from '../support/http-client.js';
import { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { TestClock } from '../support/test-clock.js';
import { createEmptyPostgresDatabase, LOCAL_POSTGRES_URL } from '../support/test-database.js';
import { createStaff } from '../../src/staff/staff.service.js';
import { find, verbs } from '../support/twiml.js';

// The database must really go away, so this file always runs on PostgreSQL behind a TCP proxy it can cut.
const logs: string[] = [];
let empty: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
let proxy: TcpProxy;
let database: DatabaseHandle;
let server: RunningServer;
let direct: postgres.Sql;
let caller: FakeTwilioCaller;
let barredNumber: string;

beforeAll(async () => {
  empty = await createEmptyPostgresDatabase(LOCAL_POSTGRES_URL);
  if (!empty) throw new Error('no PostgreSQL');
  const target = new URL(empty.url);
  proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  await proxy.start();
  const viaProxy = new URL(empty.url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  database = await openDatabase({ kind: 'postgres', url: viaProxy.toString(), max: 4 });
  direct = postgres(empty.url, { max: 1, onnotice: () => {} });
  const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }));
  server = await startServer(testConfig(), { database, logger, clock: new TestClock() });
  caller = new FakeTwilioCaller(server.url);

  // A barred caller, in force, called once while the database is up (so the service has read it).
  const [agent, director] = await Promise.all(
    (['agent', 'director'] as const).map(async (role) => {
      const member = await createStaff(server.deps, null, { username: role, displayName: role, role, password: 'a long test password' });
      const token = (await new ApiClient(server.url).post('/api/session', { username: role, password: 'a long test password' })).body.token;
      return { member, api: new ApiClient(server.url, token) };
    }),
  );
  barredNumber = '07700 900451';
  const customer = (await agent!.api.post('/api/customers', { name: 'Barred Caller', phoneNumbers: [barredNumber] })).body;
  const strategy = (await agent!.api.post('/api/strategies', { customerId: customer.id, reason: 'Abuse.', restrictions: [{ type: 'bar' }] })).body;
  expect((await director!.api.post(`/api/strategies/${strategy.id}/authorise`, { rationale: 'ok', urgent: true })).status).toBe(200);
  expect(verbs((await caller.call(barredNumber)).twiml!)).toContain('Hangup');
});

afterAll(async () => {
  await server?.close();
  await database?.close().catch(() => {});
  await proxy?.close();
  await direct?.end();
  await empty?.drop();
});

type Row = { call_sid: string; decision_kind: string; status: string };

/** The calls' rows once all are written (and `done` holds: later writes, such as a status, land after the row). */
async function waitForRows(callSids: string[], done: (rows: Row[]) => boolean = () => true): Promise<Row[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const rows = await direct<Row[]>`select call_sid, decision_kind, status from calls where call_sid in ${direct(callSids)}`;
    if ((rows.length === callSids.length && done(rows)) || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('with the database down', () => {
  it('still answers within 2 s (barred callers from the last known strategies, others to DEFAULT_ROUTE) and writes the calls once it is back', async () => {
    await proxy.cut();

    const barred = await caller.call(barredNumber);
    expect(barred.status).toBe(200);
    expect(barred.ms).toBeLessThan(2_000);
    expect(verbs(barred.twiml!)).toContain('Hangup');
    expect(barred.decision).toMatch(/kind=refuse reason=bar/);

    const stranger = await caller.call('07700 900452');
    expect(stranger.ms).toBeLessThan(2_000);
    expect(find(stranger.twiml!, 'Number')?.text).toBe('+442079460000');

    const status = await caller.status(stranger.callSid, 'completed', { SequenceNumber: '3', CallDuration: '20' });
    expect(status.status).toBe(200);
    expect(status.ms).toBeLessThan(2_000);

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(logs.join('')).toMatch(/database write deferred/);
    expect(logs.join('')).not.toContain('7700900452');

    await proxy.restore();
    const rows = await waitForRows([barred.callSid, stranger.callSid], (found) => found.some((r) => r.status === 'completed'));
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.call_sid === barred.callSid)).toMatchObject({ decision_kind: 'refuse' });
    expect(rows.find((r) => r.call_sid === stranger.callSid)).toMatchObject({ decision_kind: 'connect', status: 'completed' });
    const breaches = await direct`select 1 from breaches where call_sid = ${barred.callSid}`;
    expect(breaches).toHaveLength(1);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('still answers within 2 s when the database hangs instead of refusing', async () => {
    proxy.stall();
    try {
      const barred = await caller.call(barredNumber);
      expect(barred.ms).toBeLessThan(2_000);
      expect(barred.decision).toMatch(/reason=bar/);
      await proxy.restore();
      expect(await waitForRows([barred.callSid])).toHaveLength(1);
    } finally {
      await proxy.restore();
    }
  });

  it('once the database is back, new calls are written before they are answered, while the backlog drains beside them', async () => {
    proxy.stall();
    let backlog: string[];
    try {
      backlog = (await Promise.all(['07700 900461', '07700 900462', '07700 900463', '07700 900464'].map((n) => caller.call(n)))).map((c) => c.callSid);
    } finally {
      await proxy.restore();
    }
    // Back once the service can reach it again (its pool reconnects through the proxy).
    await expect.poll(async () => (await fetch(`${server.url}/readyz`)).status, { timeout: 10_000, interval: 50 }).toBe(200);
    for (let i = 0; i < 10; i++) {
      const call = await caller.call(`07700 90047${i}`);
      expect(call.status).toBe(200);
      const [row] = await direct`select 1 from calls where call_sid = ${call.callSid}`;
      expect(row, `call ${i} after the database came back was answered before it was written`).toBeDefined();
    }
    expect(await waitForRows(backlog)).toHaveLength(backlog.length);
  });
});
