import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeEndedStrategies } from '../../src/strategies/strategy-closure.job.js';
import { startTestApp, type SignedInStaff, type TestApp } from '../support/test-app.js';
import { DAY, TestClock } from '../support/test-clock.js';

// Monday 2 November 2026, 09:00 London.
const START = new Date('2026-11-02T09:00:00Z');
let app: TestApp;
let agent: SignedInStaff;
let proposer: SignedInStaff;
let authoriser: SignedInStaff;
let thirdSupervisor: SignedInStaff;
let director: SignedInStaff;
let customerId: string;

const iso = (days: number) => new Date(app.clock.now().getTime() + days * DAY).toISOString();

beforeAll(async () => {
  // Sessions that outlive the days this file moves the clock through.
  app = await startTestApp({ clock: new TestClock(START), env: { SESSION_TTL_HOURS: '720' } });
  [agent, proposer, authoriser, thirdSupervisor, director] = await Promise.all([
    app.staff('agent'),
    app.staff('supervisor'),
    app.staff('supervisor'),
    app.staff('supervisor'),
    app.staff('director'),
  ]);
  customerId = (await agent.api.post('/api/customers', { name: 'Lifecycle Caller', phoneNumbers: ['07700 900801'] })).body.id;
});
afterAll(() => app?.close());

async function propose(over: Record<string, unknown> = {}) {
  const res = await proposer.api.post('/api/strategies', {
    customerId,
    reason: 'Repeated calls about a closed case.',
    priorWarnings: [{ date: '2026-10-01', summary: 'Warned by phone.' }],
    restrictions: [{ type: 'warning' }],
    reviewAt: iso(30),
    ...over,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
async function inForce(over: Record<string, unknown> = {}) {
  const id = await propose(over);
  expect((await authoriser.api.post(`/api/strategies/${id}/authorise`, { rationale: 'Proportionate.' })).status).toBe(200);
  expect((await authoriser.api.post(`/api/strategies/${id}/notification`, { sentAt: iso(0), channel: 'letter', reference: `L-${id.slice(0, 4)}` })).status).toBe(200);
  return id;
}
const get = async (id: string, who = agent) => (await who.api.get(`/api/strategies/${id}`)).body;

describe('a strategy through every state', () => {
  it('proposed -> rejected, and then nothing more', async () => {
    const id = await propose();
    expect((await agent.api.post(`/api/strategies/${id}/reject`, { reason: 'x' })).status).toBe(403);
    const rejected = await authoriser.api.post(`/api/strategies/${id}/reject`, { reason: 'Not proportionate yet.' });
    expect(rejected.body).toMatchObject({ status: 'rejected', inForce: false });
    expect((await director.api.post(`/api/strategies/${id}/authorise`, { rationale: 'x' })).status).toBe(409);
    expect((await thirdSupervisor.api.post(`/api/strategies/${id}/reviews`, { outcome: 'continue', notes: 'x' })).status).toBe(409);
  });

  it('urgent: in force at authorisation, "notification overdue" after 5 working days until the letter is recorded', async () => {
    const id = await propose({ restrictions: [{ type: 'bar' }] });
    const authorised = await director.api.post(`/api/strategies/${id}/authorise`, { rationale: 'Threats made.', urgent: true });
    expect(authorised.body).toMatchObject({ status: 'authorised', urgent: true, inForce: true, notification: null, notificationOverdue: false });
    app.clock.advance(4 * DAY); // Friday: 4 working days
    expect((await director.api.get(`/api/strategies/${id}`)).body.notificationOverdue).toBe(false);
    app.clock.advance(3 * DAY); // Monday: 5 working days
    const fresh = await app.staff('supervisor');
    expect(await get(id, fresh)).toMatchObject({ notificationOverdue: true, inForce: true });
    await fresh.api.post(`/api/strategies/${id}/notification`, { sentAt: app.clock.now().toISOString(), channel: 'both', reference: 'LATE-1' });
    expect(await get(id, fresh)).toMatchObject({ notificationOverdue: false, notification: { reference: 'LATE-1' } });
    app.clock.set(START);
  });

  it('reviews: continue, tighten (authority of a new strategy), ease, lift', async () => {
    const id = await inForce();
    // Who may review.
    expect((await agent.api.post(`/api/strategies/${id}/reviews`, { outcome: 'continue', notes: 'x' })).status).toBe(403);
    const tightenByProposer = await proposer.api.post(`/api/strategies/${id}/reviews`, { outcome: 'tighten', notes: 'More calls.', restrictions: [{ type: 'frequency', maxCalls: 1, per: 'week' }] });
    expect(tightenByProposer.status).toBe(403);
    expect(tightenByProposer.body.error.message).toMatch(/own proposal/);
    // Validation.
    expect((await thirdSupervisor.api.post(`/api/strategies/${id}/reviews`, { outcome: 'tighten', notes: 'x' })).body.error.fields).toHaveProperty('restrictions');
    expect((await thirdSupervisor.api.post(`/api/strategies/${id}/reviews`, { outcome: 'continue', notes: 'x', nextReviewAt: iso(400) })).body.error.fields).toHaveProperty('nextReviewAt');

    const continued = await proposer.api.post(`/api/strategies/${id}/reviews`, { outcome: 'continue', notes: 'Still needed.', nextReviewAt: iso(60) });
    expect(continued.status).toBe(201);
    expect(continued.body).toMatchObject({ id: expect.any(String), outcome: 'continue', onTime: true, strategy: { reviewAt: iso(60) } });

    const tightened = await thirdSupervisor.api.post(`/api/strategies/${id}/reviews`, { outcome: 'tighten', notes: 'Breaches continued.', restrictions: [{ type: 'warning' }, { type: 'frequency', maxCalls: 1, per: 'week' }] });
    expect(tightened.status).toBe(201);
    expect(tightened.body.strategy.restrictions.map((r: { type: string }) => r.type)).toEqual(['warning', 'frequency']);
    expect(tightened.body.restrictionsBefore.map((r: { type: string }) => r.type)).toEqual(['warning']);

    const eased = await proposer.api.post(`/api/strategies/${id}/reviews`, { outcome: 'ease', notes: 'Better.', restrictions: [{ type: 'record' }] });
    expect(eased.body.strategy.restrictions).toEqual([{ type: 'record' }]);

    const lifted = await proposer.api.post(`/api/strategies/${id}/reviews`, { outcome: 'lift', notes: 'No longer needed.' });
    expect(lifted.body.strategy).toMatchObject({ status: 'lifted', inForce: false, liftReason: 'No longer needed.' });
    expect((await proposer.api.get(`/api/strategies/${id}/reviews`)).body.items.map((r: { outcome: string }) => r.outcome)).toEqual(['continue', 'tighten', 'ease', 'lift']);
  });

  it('lapses by itself after a review missed by more than 14 days, audited', async () => {
    const id = await inForce({ reviewAt: iso(10) });
    app.clock.advance(23 * DAY);
    let fresh = await app.staff('supervisor');
    expect(await get(id, fresh)).toMatchObject({ status: 'authorised', inForce: true, reviewOverdue: true });
    app.clock.advance(2 * DAY);
    fresh = await app.staff('supervisor');
    expect(await get(id, fresh)).toMatchObject({ status: 'lapsed', inForce: false });
    expect((await closeEndedStrategies(app.server.deps)).lapsed).toBeGreaterThanOrEqual(1);
    const audit = (await fresh.api.get(`/api/audit?entity=strategy&id=${id}`)).body.items;
    expect(audit.at(-1)).toMatchObject({ action: 'strategy.lapsed', actorId: null, after: { status: 'lapsed' } });
    expect((await fresh.api.get(`/api/strategies?status=lapsed&customerId=${customerId}`)).body.items.map((s: { id: string }) => s.id)).toContain(id);
    expect((await fresh.api.post(`/api/strategies/${id}/reviews`, { outcome: 'continue', notes: 'Too late.' })).status).toBe(409);
    app.clock.set(START);
  });

  it('expires at its end date, stored and audited by the closure job', async () => {
    const id = await inForce({ endsAt: iso(5), reviewAt: iso(4) });
    app.clock.advance(6 * DAY);
    const fresh = await app.staff('supervisor');
    expect(await get(id, fresh)).toMatchObject({ status: 'expired', inForce: false });
    await closeEndedStrategies(app.server.deps);
    const audit = (await fresh.api.get(`/api/audit?entity=strategy&id=${id}`)).body.items;
    expect(audit.map((e: { action: string }) => e.action)).toContain('strategy.expired');
    app.clock.set(START);
  });

  it('appeal: recorded by anyone, decided only by someone who neither proposed nor authorised it', async () => {
    const id = await inForce({ restrictions: [{ type: 'bar' }] });
    const appeal = await agent.api.post(`/api/strategies/${id}/appeals`, { summary: 'The customer says the calls were about a new complaint.' });
    expect(appeal.status).toBe(201);
    const decision = { outcome: 'ease', reasons: 'A new complaint is a fresh matter.', restrictions: [{ type: 'frequency', maxCalls: 1, per: 'week' }] };
    for (const who of [agent, proposer, authoriser]) {
      const res = await who.api.post(`/api/strategies/${id}/appeals/${appeal.body.id}/decision`, decision);
      expect(res.status).toBe(403);
    }
    const decided = await thirdSupervisor.api.post(`/api/strategies/${id}/appeals/${appeal.body.id}/decision`, decision);
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ outcome: 'ease', decidedBy: thirdSupervisor.staff.id, strategy: { restrictions: [{ type: 'frequency', maxCalls: 1, per: 'week' }] } });
    expect((await director.api.post(`/api/strategies/${id}/appeals/${appeal.body.id}/decision`, { outcome: 'uphold', reasons: 'x' })).status).toBe(409);

    const second = await agent.api.post(`/api/strategies/${id}/appeals`, { summary: 'Asks again.' });
    const lifted = await director.api.post(`/api/strategies/${id}/appeals/${second.body.id}/decision`, { outcome: 'lift', reasons: 'Behaviour has changed.' });
    expect(lifted.body.strategy).toMatchObject({ status: 'lifted', inForce: false });
    expect((await agent.api.get(`/api/strategies/${id}/appeals`)).body.items.map((a: { outcome: string }) => a.outcome)).toEqual(['ease', 'lift']);
  });
});
