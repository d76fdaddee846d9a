import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FakeTwilioApi } from '../support/fake-twilio-api.js';
import { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { PanelClient } from '../support/panel-client.js';
import { castOf, givenStrategy, type Cast } from '../support/scenario.js';

let app: TestApp;
let twilioApi: FakeTwilioApi;
let caller: FakeTwilioCaller;
let cast: Cast;
let panel: PanelClient;

beforeAll(async () => {
  twilioApi = await FakeTwilioApi.start();
  app = await startTestApp({ env: { TWILIO_API_BASE_URL: twilioApi.url } });
  caller = new FakeTwilioCaller(app.url);
  cast = await castOf(app);
  panel = await PanelClient.open(app.url, cast.agent.token);
});
afterAll(async () => {
  panel?.close();
  await app?.close();
  await twilioApi?.close();
});

let refs = 0;
async function terminate(number: string, reason = 'abusive_language') {
  const { callSid } = await caller.call(number);
  await panel.next((m) => m.type === 'call.incoming' && m.callSid === callSid);
  const ref = `t${++refs}`;
  panel.send({ type: 'call.end', ref, callSid, reason, details: 'Kept shouting after a warning.', warned: true });
  expect(await panel.next((m) => m.ref === ref)).toMatchObject({ type: 'ack' });
  return callSid;
}

describe('breach follow-up (R10)', () => {
  it('lists unacknowledged breaches on the dashboard until a supervisor acknowledges one with a note', async () => {
    const { number, strategyId } = await givenStrategy(app, cast, { restrictions: [{ type: 'bar' }] });
    await caller.call(number);
    const [breach] = (await cast.supervisor.api.get(`/api/breaches?strategyId=${strategyId}&acknowledged=false`)).body.items;
    expect(breach).toBeDefined();
    expect((await cast.supervisor.api.get('/api/dashboard')).body.breaches.map((b: { id: string }) => b.id)).toContain(breach.id);
    expect((await cast.agent.api.post(`/api/breaches/${breach.id}/acknowledge`, { note: 'x' })).status).toBe(403);
    expect((await cast.supervisor.api.post(`/api/breaches/${breach.id}/acknowledge`, {})).status).toBe(400);
    const acknowledged = await cast.supervisor.api.post(`/api/breaches/${breach.id}/acknowledge`, { note: 'Tightening at review.' });
    expect(acknowledged.body).toMatchObject({ acknowledgedBy: cast.supervisor.staff.id, acknowledgementNote: 'Tightening at review.' });
    expect((await cast.supervisor.api.post(`/api/breaches/${breach.id}/acknowledge`, { note: 'again' })).status).toBe(409);
    expect((await cast.supervisor.api.get('/api/dashboard')).body.breaches.map((b: { id: string }) => b.id)).not.toContain(breach.id);
  });
});

describe('escalation suggestions (R3)', () => {
  it('after 3 terminated calls in 30 days, suggests a strategy with the evidence; accepting pre-fills a proposal', async () => {
    const customer = (await cast.agent.api.post('/api/customers', { name: 'Repeat Caller', phoneNumbers: ['07700 900901'] })).body;
    await terminate('07700 900901');
    await terminate('07700 900901');
    expect((await cast.supervisor.api.get('/api/escalations?status=open')).body.items.filter((e: { customerId: string }) => e.customerId === customer.id)).toEqual([]);
    await terminate('07700 900901');
    const [suggestion] = (await cast.supervisor.api.get('/api/escalations?status=open')).body.items.filter((e: { customerId: string }) => e.customerId === customer.id);
    expect(suggestion.evidence).toHaveLength(3);
    expect((await cast.supervisor.api.get('/api/dashboard')).body.escalations.map((e: { id: string }) => e.id)).toContain(suggestion.id);

    const accepted = await cast.director.api.post(`/api/escalations/${suggestion.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.proposal).toMatchObject({ customerId: customer.id });
    expect(accepted.body.proposal.priorWarnings).toHaveLength(3);
    expect(accepted.body.proposal.priorWarnings[0].summary).toMatch(/Abusive or offensive language/);
    const proposed = await cast.director.api.post('/api/strategies', { ...accepted.body.proposal, restrictions: [{ type: 'warning' }] });
    expect(proposed.status).toBe(201);
    expect((await cast.director.api.post(`/api/escalations/${suggestion.id}/dismiss`, { note: 'x' })).status).toBe(409);
    await terminate('07700 900901');
    expect((await cast.supervisor.api.get('/api/escalations?status=open')).body.items.filter((e: { customerId: string }) => e.customerId === customer.id)).toHaveLength(1);
  });

  it('dismissing needs a note', async () => {
    for (let i = 0; i < 3; i++) await terminate('07700 900902');
    const [suggestion] = (await cast.supervisor.api.get('/api/escalations?status=open')).body.items.filter((e: { callerE164: string }) => e.callerE164 === '+447700900902');
    expect((await cast.supervisor.api.post(`/api/escalations/${suggestion.id}/dismiss`, {})).status).toBe(400);
    const dismissed = await cast.supervisor.api.post(`/api/escalations/${suggestion.id}/dismiss`, { note: 'Calls were about a genuine emergency.' });
    expect(dismissed.body).toMatchObject({ status: 'dismissed', note: 'Calls were about a genuine emergency.' });
  });

  it('does not suggest a bar for a caller already barred', async () => {
    const { number, customerId } = await givenStrategy(app, cast, { restrictions: [{ type: 'bar', emergencyBypass: true }] });
    for (let i = 0; i < 3; i++) {
      const { callSid } = await caller.call(number);
      panel.send({ type: 'termination.log', ref: `b${i}`, callSid, reason: 'harassment', details: 'Emergency line misused.', warned: true });
      await panel.next((m) => m.ref === `b${i}`);
    }
    expect((await cast.supervisor.api.get('/api/escalations')).body.items.filter((e: { customerId: string }) => e.customerId === customerId)).toEqual([]);
  });
});

describe('serious incidents (R14)', () => {
  it('stay on the dashboard until a supervisor records what was done', async () => {
    const callSid = await terminate('07700 900903', 'threat_of_violence');
    const open = (await cast.supervisor.api.get('/api/incidents')).body.items;
    const incident = open.find((i: { callSid: string }) => i.callSid === callSid);
    expect(incident).toMatchObject({ serious: true, incidentResolvedAt: null });
    expect((await cast.supervisor.api.get('/api/dashboard')).body.incidents.map((i: { id: string }) => i.id)).toContain(incident.id);
    expect((await cast.agent.api.post(`/api/incidents/${incident.id}/resolve`, { action: 'x' })).status).toBe(403);
    const resolved = await cast.supervisor.api.post(`/api/incidents/${incident.id}/resolve`, { action: 'Reported to the police, reference 123/26.' });
    expect(resolved.body).toMatchObject({ incidentAction: 'Reported to the police, reference 123/26.' });
    expect((await cast.supervisor.api.post(`/api/incidents/${incident.id}/resolve`, { action: 'again' })).status).toBe(409);
    expect((await cast.supervisor.api.get('/api/incidents')).body.items.map((i: { id: string }) => i.id)).not.toContain(incident.id);
  });
});

describe('dashboard', () => {
  it('shows proposals awaiting authorisation and is for supervisors and above', async () => {
    const { strategyId } = await givenStrategy(app, cast, { restrictions: [{ type: 'record' }], state: 'proposed' });
    const dashboard = (await cast.director.api.get('/api/dashboard')).body;
    expect(dashboard.proposals.map((s: { id: string }) => s.id)).toContain(strategyId);
    expect(dashboard.proposals.find((s: { id: string }) => s.id === strategyId).customerName).toMatch(/^Caller /);
    expect((await cast.agent.api.get('/api/dashboard')).status).toBe(403);
  });
});

describe('staff directory and terminations list', () => {
  it('lets supervisors pick staff by name and read a customer\'s terminated calls; not agents', async () => {
    const directory = (await cast.supervisor.api.get('/api/staff/directory')).body.items;
    expect(directory.find((m: { id: string }) => m.id === cast.spoc.staff.id)).toEqual({ id: cast.spoc.staff.id, displayName: cast.spoc.staff.displayName, role: 'supervisor', reachable: true });
    expect(JSON.stringify(directory)).not.toMatch(/phoneNumber|password/);
    expect((await cast.agent.api.get('/api/staff/directory')).status).toBe(403);
    const customer = (await cast.agent.api.post('/api/customers', { name: 'History Caller', phoneNumbers: ['07700 900904'] })).body;
    await terminate('07700 900904', 'derogatory_remarks');
    const items = (await cast.supervisor.api.get(`/api/terminations?customerId=${customer.id}`)).body.items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ customerId: customer.id, reason: 'derogatory_remarks', staff: { id: cast.agent.staff.id } });
    expect((await cast.agent.api.get('/api/terminations')).status).toBe(403);
  });
});
