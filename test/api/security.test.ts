import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const signIn = (username: string, password: string) => app.api.post('/api/session', { username, password });

describe('sign-in lockout', () => {
  it('locks an account after five wrong passwords in 15 minutes, audited once, and unlocks by itself', async () => {
    const { staff } = await app.staff('agent', { username: 'lockme' });
    for (let i = 0; i < 4; i++) expect((await signIn('lockme', 'wrong password')).status).toBe(401);
    const fifth = await signIn('lockme', 'wrong password');
    expect(fifth.status).toBe(429);
    expect(fifth.body.error.code).toBe('account_locked');
    // Even the right password is refused while locked.
    expect((await signIn('lockme', TEST_PASSWORD)).status).toBe(429);
    const admin = await app.staff('admin');
    const audit = (await admin.api.get(`/api/audit?entity=staff&id=${staff.id}`)).body.items.map((e: { action: string }) => e.action);
    expect(audit.filter((a: string) => a === 'staff.locked_out')).toHaveLength(1);
    app.clock.advance(16 * 60_000);
    try {
      expect((await signIn('lockme', TEST_PASSWORD)).status).toBe(200);
      // A success starts the count again.
      for (let i = 0; i < 4; i++) expect((await signIn('lockme', 'wrong password')).status).toBe(401);
      expect((await signIn('lockme', TEST_PASSWORD)).status).toBe(200);
    } finally {
      app.clock.advance(-16 * 60_000);
    }
  });

  it('answers unknown usernames the same way, so a lockout reveals nothing', async () => {
    for (let i = 0; i < 5; i++) await signIn('nobody-by-this-name', 'wrong password');
    const locked = await signIn('nobody-by-this-name', 'wrong password');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('account_locked');
  });

  it('spaces failures out: a wrong password after the window starts a new count', async () => {
    await app.staff('agent', { username: 'slowtypist' });
    for (let i = 0; i < 4; i++) expect((await signIn('slowtypist', 'wrong password')).status).toBe(401);
    app.clock.advance(16 * 60_000);
    try {
      expect((await signIn('slowtypist', 'wrong password')).status).toBe(401);
      expect((await signIn('slowtypist', TEST_PASSWORD)).status).toBe(200);
    } finally {
      app.clock.advance(-16 * 60_000);
    }
  });
});

describe('cross-site requests', () => {
  it('refuses a cookie-authenticated write from another site, allows our own pages and bearer clients', async () => {
    const { token } = await app.staff('agent');
    const cookie = { cookie: `callguard_session=${token}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ name: 'From Somewhere' });
    const foreign = await app.api.request('POST', '/api/customers', body, { ...cookie, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toMatch(/cross-site/);
    const own = await app.api.request('POST', '/api/customers', body, { ...cookie, origin: app.url });
    expect(own.status).toBe(201);
    const bearer = await app.api.as(token).post('/api/customers', { name: 'From A Script' });
    expect(bearer.status).toBe(201);
  });

  it('refuses a panel socket opened from another site', async () => {
    const { token } = await app.staff('agent');
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${app.url.replace('http', 'ws')}/panel/ws`, { headers: { cookie: `callguard_session=${token}`, origin: 'https://evil.example' } });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
      ws.once('error', () => {});
    });
    expect(status).toBe(403);
  });
});

describe('security headers', () => {
  it('sends the standard headers on API answers and pages', async () => {
    for (const path of ['/healthz', '/api/customers']) {
      const res = await fetch(app.url + path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/); // PUBLIC_URL is https in tests
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });
});
