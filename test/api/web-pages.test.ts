import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The two browser pages, the agents' live panel and the supervisors' pages: one HTML shell template and one
// way of bundling, so each is held to the same rules here and then to what is its own.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(app.url + path, { headers, redirect: 'manual' });

/** The page's HTML shell, never cached, with a strict content security policy; its text and policy. */
async function fetchShell(path: string, page: { title: string }): Promise<{ html: string; csp: string }> {
  const res = await get(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  const html = await res.text();
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).toContain('<html lang="en-GB">');
  expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(html).toContain(`<title>${page.title}</title>`);
  expect(html).toContain(`<link rel="stylesheet" href="${path}/app.css">`);
  expect(html).toContain(`<script type="module" src="${path}/app.js"></script>`);
  return { html, csp };
}

/** The page's script bundle with a content-hash ETag and a 304 when unchanged; its text and ETag. */
async function fetchBundle(path: string): Promise<{ body: string; etag: string }> {
  const js = await get(path);
  expect(js.status).toBe(200);
  expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
  const etag = js.headers.get('etag') ?? '';
  expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  const body = await js.text();
  // One bundle with the shared code in it, and no Node built-ins.
  expect(body).not.toMatch(/from ['"]node:/);
  expect(body).not.toContain('innerHTML');
  // zod's other languages are left out (more than half the bundle otherwise).
  expect(body).not.toContain('Ungültige');
  // As a browser revalidates (fetch() would otherwise add "cache-control: no-cache" and always get 200).
  expect((await get(path, { 'if-none-match': etag, 'cache-control': 'max-age=0' })).status).toBe(304);
  return { body, etag };
}

describe('panel page serving', () => {
  it('sends / to /panel', async () => {
    const res = await get('/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/panel');
  });

  it('serves the HTML shell, never cached, with a strict content security policy', async () => {
    await fetchShell('/panel', { title: 'Live calls · Callguard' });
  });

  it('serves the bundled script and stylesheet with a content-hash ETag, and 304 when unchanged', async () => {
    const { body, etag } = await fetchBundle('/panel/app.js');
    expect(body).toContain('Abusive or offensive language, swearing');

    const css = await get('/panel/app.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(css.headers.get('etag')).not.toBe(etag);
    expect(await css.text()).toContain('.call-card');
  });
});

describe('supervisor page serving', () => {
  it('serves its own HTML shell, never cached, with the strict content security policy (frames from this origin only)', async () => {
    const { csp } = await fetchShell('/supervisor', { title: 'Supervision · Callguard' });
    expect(csp).toContain("frame-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('bundles its script with Chart.js and the shared restriction schema, and its stylesheet on the shared base', async () => {
    const { body, etag } = await fetchBundle('/supervisor/app.js');
    expect(body).toContain('must be an IANA time zone such as Europe/London');
    expect(body).toContain('BarController');
    // A different bundle from the panel's.
    expect((await get('/panel/app.js')).headers.get('etag')).not.toBe(etag);

    const css = await (await get('/supervisor/app.css')).text();
    expect(css).toContain('.restriction-settings');
    expect(css).toContain('.form-alert');
  });
});
