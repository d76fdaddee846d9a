import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type SignedInStaff, type TestApp } from '../support/test-app.js';

let app: TestApp;
let admin: SignedInStaff;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.staff('admin');
});
afterAll(() => app?.close());

const newStaff = (over: Record<string, unknown> = {}) => ({
  username: `user${Math.random().toString(36).slice(2, 8)}`,
  displayName: 'Robin Caseworker',
  role: 'agent',
  password: 'a sufficiently long password',
  ...over,
});

describe('staff API (admin only)', () => {
  it('creates staff with 201, never returning the password, and normalises the phone number', async () => {
    const res = await admin.api.post('/api/staff', newStaff({ phoneNumber: '020 7946 0555', clientIdentity: 'robin' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), role: 'agent', phoneNumber: '+442079460555', clientIdentity: 'robin', active: true });
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    const signIn = await app.api.post('/api/session', { username: res.body.username, password: 'a sufficiently long password' });
    expect(signIn.status).toBe(200);
  });

  it('lists and reads staff without password hashes', async () => {
    const list = await admin.api.get('/api/staff');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(list.body)).not.toMatch(/password|scrypt/i);
    const one = await admin.api.get(`/api/staff/${admin.staff.id}`);
    expect(one.body.username).toBe(admin.staff.username);
  });

  it('updates role, phone number and password', async () => {
    const created = (await admin.api.post('/api/staff', newStaff())).body;
    const res = await admin.api.patch(`/api/staff/${created.id}`, { role: 'supervisor', phoneNumber: '+44 7700 900222', password: 'another long password' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'supervisor', phoneNumber: '+447700900222' });
    expect((await app.api.post('/api/session', { username: created.username, password: 'another long password' })).status).toBe(200);
  });

  it('answers 409 for a username that is taken', async () => {
    const body = newStaff();
    expect((await admin.api.post('/api/staff', body)).status).toBe(201);
    const again = await admin.api.post('/api/staff', body);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(body.username);
  });

  it.each([
    [{ role: 'overlord' }, 'role'],
    [{ password: 'short' }, 'password'],
    [{ phoneNumber: 'not a number' }, 'phoneNumber'],
    [{ username: '' }, 'username'],
    [{ displayName: 42 }, 'displayName'],
    [{ isRoot: true }, 'body'],
  ])('answers 400 naming the field for %j', async (over, field) => {
    const res = await admin.api.post('/api/staff', newStaff(over));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(Object.keys(res.body.error.fields).join(' ') + res.body.error.message).toContain(field);
  });

  it('does not let the only admin be demoted', async () => {
    const solo = await startTestApp();
    try {
      const only = await solo.staff('admin');
      const res = await only.api.patch(`/api/staff/${only.staff.id}`, { active: false });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('last_admin');
      // Nor does anyone change their own role.
      const ownRole = await only.api.patch(`/api/staff/${only.staff.id}`, { role: 'director' });
      expect(ownRole.status).toBe(403);
    } finally {
      await solo.close();
    }
  });

  it.each(['agent', 'supervisor', 'director'] as const)('refuses a %s with 403 and a reason', async (role) => {
    const { api } = await app.staff(role);
    const create = await api.post('/api/staff', newStaff());
    expect(create.status).toBe(403);
    expect(create.body.error.message).toMatch(/admin/);
    expect((await api.get('/api/staff')).status).toBe(403);
    expect((await api.patch(`/api/staff/${admin.staff.id}`, { displayName: 'x' })).status).toBe(403);
  });

  it('answers 404 for an unknown member of staff', async () => {
    expect((await admin.api.get('/api/staff/6f1c1d8e-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await admin.api.get('/api/staff/not-an-id')).status).toBe(400);
  });

  it('keeps TEST_PASSWORD users able to sign in (sanity of the fixture)', async () => {
    expect((await app.api.post('/api/session', { username: admin.staff.username, password: TEST_PASSWORD })).status).toBe(200);
  });
});
