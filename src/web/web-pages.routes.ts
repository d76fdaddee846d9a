import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { Router, type Response } from 'express';
import type { AppDeps } from '../app-deps.js';

// The browser pages, from web/: the agents' live panel at /panel and the supervisors' pages at /supervisor.
// Each is an HTML shell plus a script and a stylesheet bundled by esbuild from web/<folder>/, once per app
// instance and page (on the page's first request), then served from memory.

interface Asset {
  body: string;
  etag: string;
}

interface Bundle {
  js: Asset;
  css: Asset;
}

export interface WebPage {
  /** Where it is served: the shell at `path`, its files at `path`/app.js and `path`/app.css. */
  path: string;
  /** Its folder under web/, with main.ts and `stylesheet` in it. */
  folder: string;
  stylesheet: string;
  title: string;
  loading: string;
  noscript: string;
}

export const WEB_PAGES: readonly WebPage[] = [
  {
    path: '/panel',
    folder: 'panel',
    stylesheet: 'panel.css',
    title: 'Live calls · Callguard',
    loading: 'Loading the live panel…',
    noscript: 'The live panel needs JavaScript switched on.',
  },
  {
    path: '/supervisor',
    folder: 'supervisor',
    stylesheet: 'supervisor.css',
    title: 'Supervision · Callguard',
    loading: 'Loading supervision…',
    noscript: 'The supervisors’ pages need JavaScript switched on.',
  },
];

/** web/ at the repository's root: two folders up from src/web (tsx), three from dist/src/web. */
export function webSourceDir(): string {
  const candidates = [new URL('../../web/', import.meta.url), new URL('../../../web/', import.meta.url)].map((u) => fileURLToPath(u));
  return candidates.find((dir) => existsSync(`${dir}tsconfig.json`)) ?? candidates[0]!;
}

const asset = (body: string): Asset => ({ body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });

/**
 * The pages never change zod's language (English is registered by zod's schemas themselves), so their bundles
 * leave out zod's other locales: they are more than half of one otherwise, kept because `z` is one namespace object.
 */
const zodWithoutLocales: Plugin = {
  name: 'zod-without-locales',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-without-locales' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-without-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

async function bundlePage(page: WebPage, production: boolean): Promise<Bundle> {
  const dir = `${webSourceDir()}${page.folder}/`;
  const result = await build({
    entryPoints: { app: `${dir}main.ts`, 'app-style': `${dir}${page.stylesheet}` },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: production,
    outdir: `${page.folder}-out`,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [zodWithoutLocales],
  });
  const text = (ending: string) => {
    const file = result.outputFiles.find((f) => f.path.endsWith(ending));
    if (!file) throw new Error(`esbuild produced no ${ending}`);
    return file.text;
  };
  return { js: asset(text('app.js')), css: asset(text('app-style.css')) };
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The document: no data in it, so it is the same for everyone; the page asks the API who is signed in. */
export function pageShell(page: WebPage): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${page.path}/app.css">
<script type="module" src="${page.path}/app.js"></script>
</head>
<body>
<div id="app"><p class="loading">${escapeHtml(page.loading)}</p></div>
<noscript><p>${escapeHtml(page.noscript)}</p></noscript>
</body>
</html>
`;
}

// Everything from this origin only; the panel's socket is same-origin too ('self' covers ws:/wss: to this host),
// and so is the letter the supervisors' page previews in a frame.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export function webPageRoutes(deps: AppDeps, pages: readonly WebPage[] = WEB_PAGES): Router {
  const router = Router();
  for (const page of pages) servePage(router, deps, page);
  return router;
}

function servePage(router: Router, deps: AppDeps, page: WebPage): void {
  let bundle: Promise<Bundle> | null = null;
  const shell = pageShell(page);

  const bundled = (): Promise<Bundle> => {
    bundle ??= bundlePage(page, deps.config.env === 'production').catch((err: unknown) => {
      bundle = null; // the next request tries again (a fixed source file, say)
      throw err;
    });
    return bundle;
  };

  const sendAsset = async (res: Response, pick: (b: Bundle) => Asset, type: string) => {
    let file: Asset;
    try {
      file = pick(await bundled());
    } catch (err) {
      deps.logger.error({ err, page: page.path }, 'web page: bundling failed');
      res.status(500).type('text/plain').send('The page could not be built; the error has been logged.');
      return;
    }
    // Same URL for every version: the browser checks the hash each time and gets 304 when nothing changed.
    res.set({ 'Content-Type': type, 'Cache-Control': 'no-cache', ETag: file.etag, 'X-Content-Type-Options': 'nosniff' });
    res.send(file.body);
  };

  router.get(page.path, (_req, res) => {
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.send(shell);
  });
  router.get(`${page.path}/app.js`, (_req, res) => sendAsset(res, (b) => b.js, 'text/javascript; charset=utf-8'));
  router.get(`${page.path}/app.css`, (_req, res) => sendAsset(res, (b) => b.css, 'text/css; charset=utf-8'));
}
