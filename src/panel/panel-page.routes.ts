import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { Router, type Response } from 'express';
import type { AppDeps } from '../app-deps.js';

// The live panel's page: an HTML shell at /panel, and its script and stylesheet bundled by esbuild from
// src/panel/page/ once per app instance (on the first request), then served from memory.

interface Asset {
  body: string;
  etag: string;
}

interface Bundle {
  js: Asset;
  css: Asset;
}

/** The page's source folder: beside this file when run from src (tsx); from dist, back in src. */
function pageSourceDir(): string {
  const candidates = [new URL('./page/', import.meta.url), new URL('../../../src/panel/page/', import.meta.url)].map((u) => fileURLToPath(u));
  return candidates.find((dir) => existsSync(`${dir}main.ts`)) ?? candidates[0]!;
}

const asset = (body: string): Asset => ({ body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });

/**
 * The page never changes zod's language (English is registered by zod's schemas themselves), so its bundle
 * leaves out zod's other locales: they are more than half of it otherwise, kept because `z` is one namespace object.
 */
const zodWithoutLocales: Plugin = {
  name: 'zod-without-locales',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-without-locales' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-without-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

async function bundlePage(production: boolean): Promise<Bundle> {
  const dir = pageSourceDir();
  const result = await build({
    entryPoints: { app: `${dir}main.ts`, 'app-style': `${dir}panel.css` },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: production,
    outdir: 'panel-out',
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

/** The document: no data in it, so it is the same for everyone; the page asks the API who is signed in. */
const SHELL = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Live calls · Callguard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/panel/app.css">
<script type="module" src="/panel/app.js"></script>
</head>
<body>
<div id="app"><p class="loading">Loading the live panel…</p></div>
<noscript><p>The live panel needs JavaScript switched on.</p></noscript>
</body>
</html>
`;

// Everything from this origin only; the socket is same-origin too ('self' covers ws:/wss: to this host).
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export function panelPageRoutes(deps: AppDeps): Router {
  const router = Router();
  let bundle: Promise<Bundle> | null = null;

  const bundled = (): Promise<Bundle> => {
    bundle ??= bundlePage(deps.config.env === 'production').catch((err: unknown) => {
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
      deps.logger.error({ err }, 'panel page: bundling failed');
      res.status(500).type('text/plain').send('The panel page could not be built; the error has been logged.');
      return;
    }
    // Same URL for every version: the browser checks the hash each time and gets 304 when nothing changed.
    res.set({ 'Content-Type': type, 'Cache-Control': 'no-cache', ETag: file.etag, 'X-Content-Type-Options': 'nosniff' });
    res.send(file.body);
  };

  router.get('/panel', (_req, res) => {
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.send(SHELL);
  });
  router.get('/panel/app.js', (_req, res) => sendAsset(res, (b) => b.js, 'text/javascript; charset=utf-8'));
  router.get('/panel/app.css', (_req, res) => sendAsset(res, (b) => b.css, 'text/css; charset=utf-8'));
  return router;
}
