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

describe('panel page serving', () => {
  it('sends / to /panel', async () => {
    const res = await get('/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/panel');
  });

  it('serves the HTML shell, never cached, with a strict content security policy', async () => {
    const res = await get('/panel');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<title>Live calls · Callguard</title>');
    expect(html).toContain('<link rel="stylesheet" href="/panel/app.css">');
    expect(html).toContain('<script type="module" src="/panel/app.js"></script>');
  });

  it('serves the bundled script and stylesheet with a content-hash ETag, and 304 when unchanged', async () => {
    const js = await get('/panel/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const etag = js.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const body = await js.text();
    // One bundle with the shared protocol in it, and no Node built-ins.
    expect(body).toContain('Abusive or offensive language, swearing');
    expect(body).not.toMatch(/from ['"]node:/);
    expect(body).not.toContain('innerHTML');
    // zod's other languages are left out (more than half the bundle otherwise).
    expect(body).not.toContain('Ungültige');

    // As a browser revalidates (fetch() would otherwise add "cache-control: no-cache" and always get 200).
    const again = await get('/panel/app.js', { 'if-none-match': etag!, 'cache-control': 'max-age=0' });
    expect(again.status).toBe(304);

    const css = await get('/panel/app.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(css.headers.get('etag')).not.toBe(etag);
    expect(await css.text()).toContain('.call-card');
  });
});
