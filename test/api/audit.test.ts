import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, desc } from 'drizzle-orm';
import { auditEvents } from '../../db/schema/index.js';
import { startTestApp, TEST_PASSWORD, type SignedInStaff, type TestApp } from '../support/test-app.js';
import type { ApiResponse } from '../support/http-client.js';

let app: TestApp;
let admin: SignedInStaff;
let agent: SignedInStaff;
let supervisor: SignedInStaff;
let director: SignedInStaff;

beforeAll(async () => {
  app = await startTestApp();
  [admin, agent, supervisor, director] = await Promise.all([app.staff('admin'), app.staff('agent'), app.staff('supervisor'), app.staff('director')]);
});
afterAll(() => app?.close());

const db = () => app.server.deps.db;
async function auditCount(): Promise<number> {
  const [row] = await db().select({ n: count() }).from(auditEvents);
  return row?.n ?? 0;
}
async function latestEvent() {
  const [row] = await db().select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  return row;
}

/** Runs one API write and checks it left exactly one audit event, with its actor and a before/after. */
async function expectOneEvent(
  write: () => Promise<ApiResponse>,
  expected: { action: string; actorId: string; entityType: string; hasBefore: boolean },
): Promise<ApiResponse> {
  const before = await auditCount();
  const res = await write();
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  expect(await auditCount()).toBe(before + 1);
  const event = await latestEvent();
  expect(event).toMatchObject({ action: expected.action, actorId: expected.actorId, entityType: expected.entityType });
  expect(event?.after).not.toBeNull();
  if (expected.hasBefore) expect(event?.before).not.toBeNull();
  else expect(event?.before).toBeNull();
  return res;
}

describe('audit trail (R12): every API write leaves exactly one event with actor and before/after', () => {
  it('covers sessions, staff, customers and every strategy step', async () => {
    const login = await expectOneEvent(() => app.api.post('/api/session', { username: agent.staff.username, password: TEST_PASSWORD }), {
      action: 'session.created',
      actorId: agent.staff.id,
      entityType: 'session',
      hasBefore: false,
    });
    await expectOneEvent(() => app.api.as(login.body.token).delete('/api/session'), {
      action: 'session.revoked',
      actorId: agent.staff.id,
      entityType: 'session',
      hasBefore: true,
    });

    const staff = await expectOneEvent(
      () => admin.api.post('/api/staff', { username: 'audited', displayName: 'Audited Person', role: 'agent', password: 'a long enough password' }),
      { action: 'staff.created', actorId: admin.staff.id, entityType: 'staff', hasBefore: false },
    );
    await expectOneEvent(() => admin.api.patch(`/api/staff/${staff.body.id}`, { displayName: 'Audited Again' }), {
      action: 'staff.updated',
      actorId: admin.staff.id,
      entityType: 'staff',
      hasBefore: true,
    });
    const event = await latestEvent();
    expect(event?.before).toMatchObject({ displayName: 'Audited Person' });
    expect(event?.after).toMatchObject({ displayName: 'Audited Again' });

    const customer = await expectOneEvent(() => agent.api.post('/api/customers', { name: 'Audit Customer', phoneNumbers: ['07700 900801'] }), {
      action: 'customer.created',
      actorId: agent.staff.id,
      entityType: 'customer',
      hasBefore: false,
    });
    await expectOneEvent(() => agent.api.patch(`/api/customers/${customer.body.id}`, { communicationNeeds: 'Large print letters.' }), {
      action: 'customer.updated',
      actorId: agent.staff.id,
      entityType: 'customer',
      hasBefore: true,
    });

    const reviewAt = new Date(app.clock.now().getTime() + 30 * 86_400_000).toISOString();
    const propose = () =>
      agent.api.post('/api/strategies', { customerId: customer.body.id, reason: 'Persistent calls.', restrictions: [{ type: 'record' }], reviewAt });
    const strategyEvent = { actorId: agent.staff.id, entityType: 'strategy', hasBefore: false };
    const s1 = await expectOneEvent(propose, { action: 'strategy.proposed', ...strategyEvent });
    const s2 = await expectOneEvent(propose, { action: 'strategy.proposed', ...strategyEvent });
    const step = { entityType: 'strategy', hasBefore: true };
    await expectOneEvent(() => supervisor.api.post(`/api/strategies/${s1.body.id}/authorise`, { rationale: 'ok' }), {
      action: 'strategy.authorised',
      actorId: supervisor.staff.id,
      ...step,
    });
    await expectOneEvent(
      () => director.api.post(`/api/strategies/${s1.body.id}/notification`, { sentAt: app.clock.now().toISOString(), channel: 'email', reference: 'E-1' }),
      { action: 'strategy.notified', actorId: director.staff.id, ...step },
    );
    await expectOneEvent(() => director.api.post(`/api/strategies/${s1.body.id}/lift`, { reason: 'Improved.' }), {
      action: 'strategy.lifted',
      actorId: director.staff.id,
      ...step,
    });
    await expectOneEvent(() => supervisor.api.post(`/api/strategies/${s2.body.id}/reject`, { reason: 'No.' }), {
      action: 'strategy.rejected',
      actorId: supervisor.staff.id,
      ...step,
    });
    const lifted = await latestEvent();
    expect(lifted?.before).toMatchObject({ status: 'proposed' });
    expect(lifted?.after).toMatchObject({ status: 'rejected' });
  });

  it('writes nothing for refused or invalid writes', async () => {
    const before = await auditCount();
    await agent.api.post('/api/staff', { username: 'x' });
    await agent.api.post('/api/customers', { name: '' });
    await agent.api.post('/api/strategies', {});
    expect(await auditCount()).toBe(before);
  });

  it('serves the history of one entity to supervisors, not agents', async () => {
    const customer = (await agent.api.post('/api/customers', { name: 'History Customer' })).body;
    await agent.api.patch(`/api/customers/${customer.id}`, { name: 'History Customer Renamed' });
    const res = await supervisor.api.get(`/api/audit?entity=customer&id=${customer.id}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['customer.created', 'customer.updated']);
    expect(res.body.items[1]).toMatchObject({ actorId: agent.staff.id, before: { name: 'History Customer' }, after: { name: 'History Customer Renamed' } });
    expect((await agent.api.get('/api/audit')).status).toBe(403);
  });
});
