import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createStaff } from '../../src/staff/staff.service.js';
import { ApiClient } from '../support/http-client.js';
import { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { PanelClient } from '../support/panel-client.js';
import { testConfig } from '../support/test-app.js';
import { createEmptyPostgresDatabase, LOCAL_POSTGRES_URL } from '../support/test-database.js';

// Several identical instances behind a load balancer share one PostgreSQL: it is their state and message bus.
let pg: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
let a: RunningServer;
let b: RunningServer;
const tokens = new Map<string, string>();

async function instance(): Promise<RunningServer> {
  if (!pg) throw new Error('no PostgreSQL');
  return startServer(testConfig(), { database: await openDatabase({ kind: 'postgres', url: pg.url, max: 5 }) });
}

beforeAll(async () => {
  pg = await createEmptyPostgresDatabase(LOCAL_POSTGRES_URL);
  a = await instance();
  b = await instance();
  for (const role of ['agent', 'supervisor', 'director'] as const) {
    await createStaff(a.deps, null, { username: role, displayName: `The ${role}`, role, password: 'a long test password' });
    tokens.set(role, (await new ApiClient(a.url).post('/api/session', { username: role, password: 'a long test password' })).body.token);
  }
});
afterAll(async () => {
  for (const server of [a, b]) {
    await server?.close();
    await server?.database.close();
  }
  await pg?.drop();
});

const api = (server: RunningServer, role: string) => new ApiClient(server.url, tokens.get(role) ?? null);

async function untilRefused(server: RunningServer, number: string, refused: boolean): Promise<number> {
  const caller = new FakeTwilioCaller(server.url);
  const started = performance.now();
  for (;;) {
    const answer = await caller.call(number);
    if ((answer.decision?.startsWith('kind=refuse') ?? false) === refused) return performance.now() - started;
    if (performance.now() - started > 5_000) throw new Error(`instance never ${refused ? 'refused' : 'connected'} ${number}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('two instances on one PostgreSQL', () => {
  it('a strategy authorised through A bars the next call on B, and a lift through A frees it', async () => {
    const customer = (await api(a, 'agent').post('/api/customers', { name: 'Shared Caller', phoneNumbers: ['07700 900951'] })).body;
    const proposal = (await api(a, 'supervisor').post('/api/strategies', { customerId: customer.id, reason: 'Threats.', restrictions: [{ type: 'bar' }] })).body;
    expect(await untilRefused(b, '07700 900951', false)).toBeLessThan(1_000);
    expect((await api(a, 'director').post(`/api/strategies/${proposal.id}/authorise`, { rationale: 'Serious.', urgent: true })).status).toBe(200);
    const barredAfter = await untilRefused(b, '07700 900951', true);
    console.log(`two instances: B barred the caller ${Math.round(barredAfter)} ms after A's authorisation answered`);
    expect(barredAfter).toBeLessThan(1_000);
    expect((await api(a, 'supervisor').post(`/api/strategies/${proposal.id}/lift`, { reason: 'Resolved.' })).status).toBe(200);
    expect(await untilRefused(b, '07700 900951', false)).toBeLessThan(1_000);
  });

  it('a call taken by B appears on a panel socket connected to A', async () => {
    const panel = await PanelClient.open(a.url, tokens.get('agent') ?? '');
    try {
      await panel.next((m) => m.type === 'snapshot');
      const call = await new FakeTwilioCaller(b.url).call('07700 900952');
      const incoming = await panel.next((m) => m.type === 'call.incoming' && m.callSid === call.callSid, 2_000);
      expect(incoming.caller.masked).toBe('+44770•••952');
      await new FakeTwilioCaller(b.url).status(call.callSid, 'completed', { SequenceNumber: '3', CallDuration: '12' });
      expect(await panel.next((m) => m.type === 'call.updated' && m.callSid === call.callSid)).toMatchObject({ status: 'completed' });
    } finally {
      panel.close();
    }
  });
});
