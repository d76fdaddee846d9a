import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type SignedInStaff, type TestApp } from '../support/test-app.js';
import { DAY } from '../support/test-clock.js';

let app: TestApp;
let agent: SignedInStaff;
let supervisor: SignedInStaff;
let supervisor2: SignedInStaff;
let director: SignedInStaff;
let admin: SignedInStaff;
let customerId: string;

const inDays = (n: number) => new Date(app.clock.now().getTime() + n * DAY).toISOString();

beforeAll(async () => {
  app = await startTestApp();
  [agent, supervisor, supervisor2, director, admin] = await Promise.all([
    app.staff('agent'),
    app.staff('supervisor'),
    app.staff('supervisor'),
    app.staff('director'),
    app.staff('admin'),
  ]);
  customerId = (await agent.api.post('/api/customers', { name: 'Pat Persistent', phoneNumbers: ['07700 900701'] })).body.id;
});
afterAll(() => app?.close());

const proposal = (over: Record<string, unknown> = {}) => ({
  customerId,
  reason: 'Calls many times a day about a closed complaint; abusive to staff.',
  priorWarnings: [{ date: '2026-10-01', summary: 'Warned on the phone about abusive language.' }],
  restrictions: [{ type: 'frequency', maxCalls: 1, per: 'week' }],
  reviewAt: inDays(60),
  ...over,
});

async function propose(by: SignedInStaff, over: Record<string, unknown> = {}) {
  const res = await by.api.post('/api/strategies', proposal(over));
  expect(res.status).toBe(201);
  return res.body;
}

describe('proposing a contact strategy', () => {
  it('answers 201 with the strategy: proposed, not in force, restrictions as given', async () => {
    const body = await propose(agent, {
      restrictions: [
        { type: 'spoc', staffId: supervisor.staff.id, deputyStaffId: supervisor2.staff.id },
        { type: 'record' },
        { type: 'maxDuration', seconds: 600 },
        { type: 'warning', message: 'Please keep this call civil.' },
      ],
    });
    expect(body).toMatchObject({
      id: expect.any(String),
      customerId,
      status: 'proposed',
      inForce: false,
      proposedBy: agent.staff.id,
      allContact: false,
      urgent: false,
      notification: null,
    });
    expect(body.restrictions.map((r: { type: string }) => r.type)).toEqual(['spoc', 'record', 'maxDuration', 'warning']);
    expect((await agent.api.get(`/api/strategies/${body.id}`)).body).toEqual(body);
  });

  it('defaults the review date to three months ahead', async () => {
    const { reviewAt: _omit, ...rest } = proposal();
    const res = await agent.api.post('/api/strategies', rest);
    expect(res.status).toBe(201);
    const days = (new Date(res.body.reviewAt).getTime() - app.clock.now().getTime()) / DAY;
    expect(days).toBeGreaterThan(88);
    expect(days).toBeLessThan(93);
  });

  it.each([
    ['a review date in the past', { reviewAt: '2020-01-01T00:00:00Z' }, 'reviewAt'],
    ['a review date over a year ahead', { reviewAt: '2099-01-01T00:00:00Z' }, 'reviewAt'],
    ['an end before the start', { startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' }, 'endsAt'],
    ['an unknown restriction type', { restrictions: [{ type: 'curfew' }] }, 'restrictions.0.type'],
    ['no restrictions', { restrictions: [] }, 'restrictions'],
    ['a wrong type', { allContact: 'yes' }, 'allContact'],
    ['a wrong nested type', { restrictions: [{ type: 'frequency', maxCalls: 'two', per: 'week' }] }, 'restrictions.0.maxCalls'],
    ['a bar with a SPOC', { restrictions: [{ type: 'bar' }, { type: 'spoc', staffId: '6f1c1d8e-0000-4000-8000-000000000000' }] }, 'restrictions.1'],
    ['a missing reason', { reason: undefined }, 'reason'],
    ['a customer id that is not an id', { customerId: 'bob' }, 'customerId'],
    ['a prior warning in the future', { priorWarnings: [{ date: '2099-01-01', summary: 'x' }] }, 'priorWarnings.0.date'],
  ])('refuses %s with 400 naming the field', async (_label, over, field) => {
    const res = await agent.api.post('/api/strategies', proposal(over));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(Object.keys(res.body.error.fields).join(' ')).toContain(field);
  });

  it('refuses a SPOC who is not a member of staff', async () => {
    const res = await agent.api.post('/api/strategies', proposal({ restrictions: [{ type: 'spoc', staffId: '6f1c1d8e-0000-4000-8000-000000000000' }] }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields['restrictions.0.staffId']).toMatch(/not a member of staff/);
  });

  it('refuses an unknown customer', async () => {
    const res = await agent.api.post('/api/strategies', proposal({ customerId: '6f1c1d8e-0000-4000-8000-000000000000' }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('customerId');
  });
});

describe('authorising under the role rules (R5)', () => {
  it('lets a supervisor authorise a colleague\'s partial restriction, storing the rationale', async () => {
    const s = await propose(agent);
    const res = await supervisor.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'Three warnings ignored.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'authorised', authorisedBy: supervisor.staff.id, authorisationRationale: 'Three warnings ignored.', inForce: false });
  });

  it('refuses an agent with 403 and a reason', async () => {
    const s = await propose(supervisor);
    const res = await agent.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'x' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/supervisor or director/);
  });

  it('refuses a supervisor for an allContact strategy; a director may', async () => {
    const s = await propose(agent, { allContact: true, restrictions: [{ type: 'bar' }] });
    const bySupervisor = await supervisor.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'x' });
    expect(bySupervisor.status).toBe(403);
    expect(bySupervisor.body.error.message).toMatch(/director/);
    expect((await director.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'Full bar justified.' })).status).toBe(200);
  });

  it('refuses anyone authorising their own proposal, directors included', async () => {
    for (const who of [supervisor, director]) {
      const s = await propose(who);
      const res = await who.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'x' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/own proposal/);
    }
  });

  it('refuses the admin: running the system is not authority under the policy', async () => {
    const s = await propose(agent);
    expect((await admin.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'x' })).status).toBe(403);
  });

  it('answers 409 for authorising twice, and 404 for an unknown strategy', async () => {
    const s = await propose(agent);
    expect((await supervisor.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'ok' })).status).toBe(200);
    expect((await director.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'again' })).status).toBe(409);
    expect((await director.api.post('/api/strategies/6f1c1d8e-0000-4000-8000-000000000000/authorise', { rationale: 'x' })).status).toBe(404);
  });

  it('requires a rationale', async () => {
    const s = await propose(agent);
    const res = await supervisor.api.post(`/api/strategies/${s.id}/authorise`, {});
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('rationale');
  });
});

describe('in force: authorised, notified or urgent, started, not ended, not lifted', () => {
  it('comes into force when the written notice is recorded (R6)', async () => {
    const s = await propose(agent);
    await supervisor.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'ok' });
    const res = await supervisor.api.post(`/api/strategies/${s.id}/notification`, {
      sentAt: app.clock.now().toISOString(),
      channel: 'letter',
      reference: 'LTR-2026-001',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ inForce: true, notification: { channel: 'letter', reference: 'LTR-2026-001', recordedBy: supervisor.staff.id } });
    const again = await supervisor.api.post(`/api/strategies/${s.id}/notification`, { sentAt: app.clock.now().toISOString(), channel: 'email', reference: 'x' });
    expect(again.status).toBe(409);
  });

  it('is in force at authorisation when the authoriser marks it urgent', async () => {
    const s = await propose(agent);
    const res = await director.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'Threats made.', urgent: true });
    expect(res.body).toMatchObject({ urgent: true, inForce: true });
  });

  it('cannot record a notice for a strategy that is only proposed', async () => {
    const s = await propose(agent);
    const res = await supervisor.api.post(`/api/strategies/${s.id}/notification`, { sentAt: app.clock.now().toISOString(), channel: 'both', reference: 'x' });
    expect(res.status).toBe(409);
  });

  it('refuses a notice dated in the future', async () => {
    const s = await propose(agent);
    await supervisor.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'ok' });
    const res = await supervisor.api.post(`/api/strategies/${s.id}/notification`, { sentAt: inDays(3), channel: 'letter', reference: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('sentAt');
  });

  it('waits for its start date', async () => {
    const s = await propose(agent, { startsAt: inDays(2) });
    const res = await director.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'ok', urgent: true });
    expect(res.body.inForce).toBe(false);
  });

  it('expires by itself at its end date', async () => {
    const s = await propose(agent, { endsAt: inDays(10), reviewAt: inDays(5) });
    await director.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'ok', urgent: true });
    expect((await agent.api.get(`/api/strategies/${s.id}`)).body).toMatchObject({ status: 'authorised', inForce: true });
    app.clock.advance(11 * DAY);
    try {
      // Sessions last hours, not days: sign in again at the new time.
      const later = await app.staff('supervisor');
      expect((await later.api.get(`/api/strategies/${s.id}`)).body).toMatchObject({ status: 'expired', inForce: false });
      const expired = await later.api.get(`/api/strategies?status=expired&customerId=${customerId}`);
      expect(expired.body.items.map((x: { id: string }) => x.id)).toContain(s.id);
      expect((await later.api.post(`/api/strategies/${s.id}/lift`, { reason: 'x' })).status).toBe(409);
    } finally {
      app.clock.advance(-11 * DAY);
    }
  });

  it('stops applying when lifted, with the reason kept', async () => {
    const s = await propose(agent);
    await director.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'ok', urgent: true });
    const res = await supervisor.api.post(`/api/strategies/${s.id}/lift`, { reason: 'Behaviour has improved.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'lifted', inForce: false, liftedBy: supervisor.staff.id, liftReason: 'Behaviour has improved.' });
    expect((await agent.api.post(`/api/strategies/${s.id}/lift`, { reason: 'x' })).status).toBe(403);
  });

  it('can be rejected with a reason instead of authorised', async () => {
    const s = await propose(agent);
    const res = await supervisor.api.post(`/api/strategies/${s.id}/reject`, { reason: 'Not proportionate yet.' });
    expect(res.body).toMatchObject({ status: 'rejected', rejectedBy: supervisor.staff.id, rejectionReason: 'Not proportionate yet.', inForce: false });
    expect((await director.api.post(`/api/strategies/${s.id}/authorise`, { rationale: 'x' })).status).toBe(409);
    expect((await agent.api.post(`/api/strategies/${s.id}/reject`, { reason: 'x' })).status).toBe(403);
  });
});

describe('listing strategies', () => {
  it('filters by status, customer and inForce', async () => {
    const other = (await agent.api.post('/api/customers', { name: 'Other Customer' })).body.id;
    const mine = await propose(agent, { customerId: other });
    const byCustomer = await agent.api.get(`/api/strategies?customerId=${other}`);
    expect(byCustomer.body.items.map((s: { id: string }) => s.id)).toEqual([mine.id]);
    const proposed = await agent.api.get('/api/strategies?status=proposed');
    expect(proposed.body.items.every((s: { status: string }) => s.status === 'proposed')).toBe(true);
    const inForce = await agent.api.get('/api/strategies?inForce=true');
    expect(inForce.body.items.every((s: { inForce: boolean }) => s.inForce)).toBe(true);
    expect((await agent.api.get('/api/strategies?status=dormant')).status).toBe(400);
  });
});
