import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(app.url + path, { headers, redirect: 'manual' });

describe('supervisor page serving', () => {
  it('serves its own HTML shell, never cached, with the strict content security policy (frames from this origin only)', async () => {
    const res = await get('/supervisor');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain('<title>Supervision · Callguard</title>');
    expect(html).toContain('<link rel="stylesheet" href="/supervisor/app.css">');
    expect(html).toContain('<script type="module" src="/supervisor/app.js"></script>');
  });

  it('bundles its script with Chart.js and the shared restriction schema, and its stylesheet on the shared base', async () => {
    const js = await get('/supervisor/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const etag = js.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const body = await js.text();
    expect(body).toContain('must be an IANA time zone such as Europe/London');
    expect(body).toContain('BarController');
    expect(body).not.toContain('innerHTML');
    expect(body).not.toMatch(/from ['"]node:/);
    expect(body).not.toContain('Ungültige');
    expect((await get('/supervisor/app.js', { 'if-none-match': etag!, 'cache-control': 'max-age=0' })).status).toBe(304);
    // A different bundle from the panel's.
    expect((await get('/panel/app.js')).headers.get('etag')).not.toBe(etag);

    const css = await (await get('/supervisor/app.css')).text();
    expect(css).toContain('.restriction-settings');
    expect(css).toContain('.form-alert');
  });
});
