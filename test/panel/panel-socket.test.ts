import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, TEST_ACCOUNT_SID, type SignedInStaff, type TestApp } from '../support/test-app.js';
import { FakeTwilioApi } from '../support/fake-twilio-api.js';
import { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { PanelClient } from '../support/panel-client.js';
import { castOf, givenStrategy, type Cast } from '../support/scenario.js';

let app: TestApp;
let twilioApi: FakeTwilioApi;
let caller: FakeTwilioCaller;
let cast: Cast;
let agent: SignedInStaff;
let supervisor: SignedInStaff;
const clients: PanelClient[] = [];

beforeAll(async () => {
  twilioApi = await FakeTwilioApi.start();
  app = await startTestApp({ env: { TWILIO_API_BASE_URL: twilioApi.url } });
  caller = new FakeTwilioCaller(app.url);
  cast = await castOf(app);
  agent = cast.agent;
  supervisor = cast.supervisor;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await app?.close();
  await twilioApi?.close();
});

const open = async (who: SignedInStaff) => {
  const client = await PanelClient.open(app.url, who.token);
  clients.push(client);
  await client.next((m) => m.type === 'snapshot');
  return client;
};

describe('panel socket', () => {
  it('refuses the upgrade without a valid session (401)', async () => {
    for (const url of [`${app.url.replace('http', 'ws')}/panel/ws`, `${app.url.replace('http', 'ws')}/panel/ws?token=nonsense`]) {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => resolve(101));
        ws.once('error', () => {});
      });
      expect(status).toBe(401);
    }
  });

  it('sends call.incoming the moment a signed webhook is decided, and a snapshot of calls in progress on connect', async () => {
    const panel = await open(agent);
    const { number, customerId } = await givenStrategy(app, cast, { restrictions: [{ type: 'warning' }], customer: { communicationNeeds: 'Uses a hearing aid.' } });
    const started = Date.now();
    const call = await caller.call(number);
    const incoming = await panel.next((m) => m.type === 'call.incoming' && m.callSid === call.callSid);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(incoming).toMatchObject({
      customer: { id: customerId },
      communicationNeeds: 'Uses a hearing aid.',
      decision: { kind: 'connect' },
      history: { terminations: 0, breaches: 0 },
      caller: { withheld: false, masked: expect.stringContaining('•••') },
    });
    expect(incoming.strategies).toHaveLength(1);

    const reloaded = await open(agent);
    const snapshot = reloaded.messages.find((m) => m.type === 'snapshot');
    expect(snapshot.calls.map((c: { callSid: string }) => c.callSid)).toContain(call.callSid);
    expect(snapshot.you).toMatchObject({ id: agent.staff.id, role: 'agent' });
  });

  it('ends a live call through Twilio and logs the termination in one step; supervisors are told at once', async () => {
    const agentPanel = await open(agent);
    const supervisorPanel = await open(supervisor);
    const call = await caller.call('07700 900611');
    await agentPanel.next((m) => m.type === 'call.incoming' && m.callSid === call.callSid);

    agentPanel.send({ type: 'call.warned', ref: 'w1', callSid: call.callSid, note: 'Asked to stop swearing' });
    expect(await agentPanel.next((m) => m.ref === 'w1')).toEqual({ type: 'ack', ref: 'w1' });

    agentPanel.send({ type: 'call.end', ref: 'e1', callSid: call.callSid, reason: 'abusive_language', details: 'Kept swearing after the warning.', warned: true });
    const ack = await agentPanel.next((m) => m.ref === 'e1');
    expect(ack).toMatchObject({ type: 'ack', endState: 'ended', terminationId: expect.any(String) });

    const request = twilioApi.requests.find((r) => r.callSid === call.callSid);
    expect(request).toMatchObject({ method: 'POST', accountSid: TEST_ACCOUNT_SID, form: { Status: 'completed' } });

    const logged = await supervisorPanel.next((m) => m.type === 'termination.logged' && m.callSid === call.callSid);
    expect(logged).toMatchObject({ reason: 'abusive_language', warned: true, staff: { id: agent.staff.id }, acknowledgedAt: null });

    supervisorPanel.send({ type: 'termination.acknowledge', ref: 'a1', id: logged.id, note: 'Spoke to the agent; letter to follow.' });
    expect(await supervisorPanel.next((m) => m.ref === 'a1')).toMatchObject({ type: 'ack' });
    const audit = await supervisor.api.get(`/api/audit?entity=termination&id=${logged.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['call.terminated', 'termination.acknowledged']);
  });

  it('logs the termination when Twilio fails, tells the agent, and never logs twice on retry', async () => {
    const panel = await open(agent);
    const call = await caller.call('07700 900612');
    await panel.next((m) => m.type === 'call.incoming' && m.callSid === call.callSid);
    twilioApi.respondWith('server-error', 1);
    panel.send({ type: 'call.end', ref: 'f1', callSid: call.callSid, reason: 'threat_of_violence', details: 'Threatened to come to the office.', warned: false });
    expect(await panel.next((m) => m.ref === 'f1')).toMatchObject({ type: 'error', code: 'end_not_confirmed' });
    panel.send({ type: 'call.end', ref: 'f2', callSid: call.callSid, reason: 'threat_of_violence', details: 'Threatened to come to the office.', warned: false });
    expect(await panel.next((m) => m.ref === 'f2')).toMatchObject({ type: 'ack', endState: 'ended' });
    const rows = await app.server.database.db.query.terminatedCalls.findMany({ where: (t, { eq }) => eq(t.callSid, call.callSid) });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ endState: 'ended', serious: true });
  });

  it('counts a termination logged before the call reached the panel against the customer who owns the number', async () => {
    const customer = (await agent.api.post('/api/customers', { name: 'No Strategy Yet', phoneNumbers: ['07700 900613'] })).body;
    const panel = await open(agent);
    const call = await caller.call('07700 900613');
    // At once, without waiting for call.incoming: the card may not be on the board yet.
    panel.send({ type: 'termination.log', ref: 't1', callSid: call.callSid, reason: 'abusive_language', details: 'Shouted over the agent.', warned: true });
    expect(await panel.next((m) => m.ref === 't1')).toMatchObject({ type: 'ack' });
    const rows = await app.server.database.db.query.terminatedCalls.findMany({ where: (t, { eq }) => eq(t.callSid, call.callSid) });
    expect(rows).toMatchObject([{ customerId: customer.id }]);
  });

  it("shows who owns the number of a caller with no strategy, and that caller's history, on the next call's card", async () => {
    const panel = await open(agent);
    const again = await caller.call('07700 900613');
    const card = await panel.next((m) => m.type === 'call.incoming' && m.callSid === again.callSid);
    expect(card).toMatchObject({ customer: { name: 'No Strategy Yet' }, history: { terminations: 1, breaches: 0 } });
    expect(card.history.lastCallAt).toEqual(expect.any(String));

    // A number nobody owns: its history is the number's own.
    const first = await caller.call('07700 900614');
    await panel.next((m) => m.type === 'call.incoming' && m.callSid === first.callSid);
    const second = await caller.call('07700 900614');
    const stranger = await panel.next((m) => m.type === 'call.incoming' && m.callSid === second.callSid);
    expect(stranger).toMatchObject({ customer: null, history: { terminations: 0, breaches: 0 } });
    expect(stranger.history.lastCallAt).toEqual(expect.any(String));
  });

  it('refuses text the database cannot store (an unpaired surrogate) on a live call, instead of failing inside', async () => {
    const panel = await open(agent);
    const call = await caller.call('07700 900615');
    await panel.next((m) => m.type === 'call.incoming' && m.callSid === call.callSid);
    panel.send({ type: 'call.warned', ref: 's1', callSid: call.callSid, note: 'Calm down \udf98 please' });
    expect(await panel.next((m) => m.ref === 's1')).toMatchObject({ type: 'error', code: 'invalid_message' });
    panel.send({ type: 'termination.log', ref: 's2', callSid: call.callSid, reason: 'abusive_language', details: '\ud800', warned: true });
    expect(await panel.next((m) => m.ref === 's2')).toMatchObject({ type: 'error', code: 'invalid_message' });
    panel.send({ type: 'call.warned', ref: 's3', callSid: call.callSid, note: 'Calm down please 😀' });
    expect(await panel.next((m) => m.ref === 's3')).toMatchObject({ type: 'ack' });
  });

  it('answers invalid messages with an error and keeps the socket open', async () => {
    const panel = await open(agent);
    panel.send('not json');
    expect(await panel.next((m) => m.type === 'error' && m.code === 'invalid_json')).toBeDefined();
    panel.send({ type: 'call.teleport', ref: 'x1' });
    expect(await panel.next((m) => m.ref === 'x1')).toMatchObject({ type: 'error', code: 'invalid_message' });
    panel.send({ type: 'call.end', ref: 'x2', callSid: 'CA' + '0'.repeat(32), reason: 'abusive_language', details: '', warned: false });
    expect(await panel.next((m) => m.ref === 'x2')).toMatchObject({ type: 'error', code: 'invalid_message', message: expect.stringContaining('justification') });
    panel.send({ type: 'termination.acknowledge', ref: 'x3', id: '6f1c1d8e-0000-4000-8000-000000000000', note: 'x' });
    expect(await panel.next((m) => m.ref === 'x3')).toMatchObject({ type: 'error', code: 'forbidden' });
    panel.send({ type: 'ping', ref: 'p1' });
    expect(await panel.next((m) => m.ref === 'p1')).toEqual({ type: 'ack', ref: 'p1' });
    expect(panel.closed).toBeNull();
  });

  it('closes a flooding socket with 1008', async () => {
    const panel = await open(agent);
    for (let i = 0; i < 30; i++) panel.send({ type: 'ping' });
    const deadline = Date.now() + 3_000;
    while (!panel.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(panel.closed?.code).toBe(1008);
  });
});
