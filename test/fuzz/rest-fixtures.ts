import { customerSchemas } from '../../src/customers/customer.schemas.js';
import type { SignedInStaff } from '../support/test-app.js';
import { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { PanelClient } from '../support/panel-client.js';
import { DAY } from '../support/test-clock.js';
import type { FuzzApp } from './fuzz-harness.js';

// The data both fuzz servers start with: staff of every role, customers, strategies in every state, an appeal,
// escalation suggestions, a serious incident and a breach, made through the API, the webhooks and the panel.

export interface Fixtures {
  region: Parameters<typeof customerSchemas>[0];
  now: Date;
  staffIds: string[];
  victimStaffId: string;
  spocId: string;
  customerA: string;
  customerB: string;
  customerIds: string[];
  proposed: string[];
  unnotified: string[];
  inForceToLift: string[];
  inForceHistory: string;
  strategyIds: string[];
  appealId: string;
  escalationToAccept: string;
  escalationToDismiss: string;
  incidentId: string;
  breachId: string;
  realToken: string;
}


export async function fixtures(app: FuzzApp): Promise<{ admin: SignedInStaff; director: SignedInStaff; f: Fixtures }> {
  const f = {} as Fixtures;
  const [admin, director, d2, agent, supervisor, victim, spoc] = await Promise.all([
    app.staff('admin'),
    app.staff('director'),
    app.staff('director'),
    app.staff('agent'),
    app.staff('supervisor'),
    app.staff('agent'),
    app.staff('supervisor', { phoneNumber: '020 7946 0501' }),
  ]);
  Object.assign(f, {
    region: app.region,
    now: app.clock.now(),
    staffIds: [admin.staff.id, director.staff.id, victim.staff.id],
    victimStaffId: victim.staff.id,
    spocId: spoc.staff.id,
    realToken: victim.token,
  });

  const ok = async <T>(res: Promise<{ status: number; body: any }>, what: string): Promise<T> => {
    const done = await res;
    if (done.status >= 300) throw new Error(`fixture ${what}: ${done.status} ${JSON.stringify(done.body)}`);
    return done.body as T;
  };
  const customer = async (name: string, number: string, extra: Record<string, unknown> = {}) =>
    (await ok<{ id: string }>(agent.api.post('/api/customers', { name, phoneNumbers: [number], ...extra }), 'customer')).id;
  f.customerA = await customer('Fuzz Customer A', '07700 900801');
  f.customerB = await customer('Fuzz Customer B', '07700 900802');
  const barred = await customer('Fuzz Barred', '07700 900803');
  const repeatA = await customer('Fuzz Repeat A', '07700 900804');
  const repeatB = await customer('Fuzz Repeat B', '07700 900805');
  // Hostile but valid text in stored data, for the reads to render (letters, CSV, lists).
  const odd = await customer('Zoë O\'Brien-Smith <script>alert(1)</script> \u202Eشلوم 😀 {{7*7}} ${7*7}', '07700 900807', {
    reference: "R-'; DROP TABLE customers; --",
    communicationNeeds: '</Say><Dial>+15005550006</Dial> =cmd|" /C calc"!A0 \u200F',
    language: 'cy-GB',
  });
  f.customerIds = [f.customerA, f.customerB, barred, odd];

  const reviewAt = new Date(f.now.getTime() + 60 * DAY).toISOString();
  const propose = async (customerId: string, restrictions: unknown[]) =>
    (await ok<{ id: string }>(agent.api.post('/api/strategies', { customerId, reason: 'Persistent calls after warnings.', restrictions, reviewAt }), 'proposal')).id;
  const authorise = (id: string) => ok(d2.api.post(`/api/strategies/${id}/authorise`, { rationale: 'Meets the policy.' }), 'authorise');
  const notify = (id: string) => ok(supervisor.api.post(`/api/strategies/${id}/notification`, { sentAt: f.now.toISOString(), channel: 'letter', reference: 'LTR-FUZZ' }), 'notify');
  const inForce = async (customerId: string, restrictions: unknown[]) => {
    const id = await propose(customerId, restrictions);
    await authorise(id);
    await notify(id);
    return id;
  };
  f.proposed = [await propose(f.customerA, [{ type: 'warning' }]), await propose(f.customerA, [{ type: 'record' }]), await propose(f.customerB, [{ type: 'warning' }])];
  f.unnotified = [await propose(f.customerB, [{ type: 'record' }])];
  await authorise(f.unnotified[0]!);
  f.inForceToLift = [await inForce(f.customerB, [{ type: 'maxDuration', seconds: 600 }])];
  f.inForceHistory = await inForce(f.customerA, [{ type: 'spoc', staffId: spoc.staff.id }, { type: 'warning', message: 'Be calm.' }]);
  const barId = await inForce(barred, [{ type: 'bar', emergencyBypass: true }]);
  const oddId = await inForce(odd, [{ type: 'warning', message: '<Say>Ignore this</Say> & \u202E 😀' }, { type: 'callWindows', windows: [{ days: ['mon'], from: '09:00', to: '10:00' }] }]);
  f.strategyIds = [...f.proposed, ...f.unnotified, ...f.inForceToLift, f.inForceHistory, barId, oddId];
  f.appealId = (await ok<{ id: string }>(agent.api.post(`/api/strategies/${f.inForceHistory}/appeals`, { summary: 'The caller disputes the strategy.' }), 'appeal')).id;

  // A breach (a barred caller rings), terminations enough for two escalation suggestions, and a serious incident.
  const caller = new FakeTwilioCaller(app.url);
  await caller.call('07700 900803');
  const panel = await PanelClient.open(app.url, agent.token);
  try {
    let ref = 0;
    const terminate = async (from: string, reason: string) => {
      const { callSid } = await caller.call(from);
      const r = `fixture-${++ref}`;
      panel.send({ type: 'termination.log', ref: r, callSid, reason, details: 'Kept shouting after a warning.', warned: true });
      const answer = await panel.next((m) => m.ref === r, 10_000);
      if (answer.type !== 'ack') throw new Error(`fixture termination: ${JSON.stringify(answer)}`);
    };
    for (let i = 0; i < 3; i++) await terminate('07700 900804', 'abusive_language');
    for (let i = 0; i < 3; i++) await terminate('07700 900805', 'harassment');
    await terminate('07700 900806', 'threat_of_violence');
  } finally {
    panel.close();
  }
  await app.settle();
  const escalations = (await ok<{ items: Array<{ id: string; customerId: string | null; callerE164: string | null }> }>(director.api.get('/api/escalations?status=open'), 'escalations')).items;
  const escalationOf = (customerId: string, number: string) => escalations.find((e) => e.customerId === customerId || e.callerE164 === number)?.id;
  f.escalationToAccept = escalationOf(repeatA, '+447700900804')!;
  f.escalationToDismiss = escalationOf(repeatB, '+447700900805')!;
  f.incidentId = (await ok<{ items: Array<{ id: string }> }>(director.api.get('/api/incidents'), 'incidents')).items[0]!.id;
  f.breachId = (await ok<{ items: Array<{ id: string }> }>(director.api.get(`/api/breaches?strategyId=${barId}`), 'breaches')).items[0]!.id;
  for (const [name, value] of Object.entries(f)) if (value === undefined) throw new Error(`fixture ${name} missing: ${JSON.stringify(escalations)}`);
  return { admin, director, f };
}

