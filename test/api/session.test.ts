import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.js';
import { DAY } from '../support/test-clock.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe('sessions', () => {
  it('signs in with username and password, returns a token and sets an HttpOnly SameSite=Strict cookie', async () => {
    const { staff } = await app.staff('agent', { username: 'casey' });
    const res = await app.api.post('/api/session', { username: 'casey', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(/^[\w-]{40,}$/);
    expect(res.body.staff).toMatchObject({ id: staff.id, username: 'casey', role: 'agent' });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^callguard_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Secure/i); // PUBLIC_URL is https in tests
  });

  it('accepts the cookie or a bearer token on every /api route', async () => {
    const { token } = await app.staff('agent');
    expect((await app.api.get('/api/customers?phone=07700900123', { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await app.api.get('/api/customers?phone=07700900123', { cookie: `callguard_session=${token}` })).status).toBe(200);
  });

  it('refuses requests without a session with 401 and the error shape', async () => {
    const res = await app.api.get('/api/customers');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    expect((await app.api.get('/api/customers', { authorization: 'Bearer nonsense' })).status).toBe(401);
  });

  it('refuses a wrong password or an unknown user alike', async () => {
    await app.staff('agent', { username: 'jordan' });
    const wrong = await app.api.post('/api/session', { username: 'jordan', password: 'not the password' });
    const unknown = await app.api.post('/api/session', { username: 'nobody', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('validates the sign-in body', async () => {
    const res = await app.api.post('/api/session', { username: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('password');
    const malformed = await app.api.request('POST', '/api/session', '{"username":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_body');
  });

  it('logs out with DELETE /api/session: the token stops working and the cookie is cleared', async () => {
    const { api } = await app.staff('supervisor');
    expect((await api.get('/api/session')).status).toBe(200);
    const res = await api.delete('/api/session');
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/callguard_session=;.*Max-Age=0/i);
    expect((await api.get('/api/customers')).status).toBe(401);
  });

  it('expires sessions after their lifetime', async () => {
    const { api } = await app.staff('agent');
    app.clock.advance(DAY);
    expect((await api.get('/api/customers')).status).toBe(401);
    app.clock.advance(-DAY);
  });

  it('ends every session of a deactivated member of staff', async () => {
    const admin = await app.staff('admin');
    const agent = await app.staff('agent');
    expect((await admin.api.patch(`/api/staff/${agent.staff.id}`, { active: false })).status).toBe(200);
    expect((await agent.api.get('/api/customers')).status).toBe(401);
    const again = await app.api.post('/api/session', { username: agent.staff.username, password: TEST_PASSWORD });
    expect(again.status).toBe(401);
  });
});
