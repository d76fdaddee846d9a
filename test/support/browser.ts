// Real-browser helpers for tests: Debian's Chromium driven by playwright-core.
//
// `npx playwright install` cannot work on these machines (it downloads a browser build of
// its own), so tests drive the system Chromium that scripts/ci/install-chromium.sh installs.
// playwright-core is pinned to the release whose bundled Chromium matches Debian's major version.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for this closed network: without the background-networking ones Chromium keeps
 * trying to reach Google's hosts and its connections are refused.
 * The profile (--user-data-dir) is not listed here: Playwright refuses that flag in
 * `chromium.launch`, and instead gives every launch a fresh empty profile folder of its own
 * (mkdtemp under the OS temp dir) that it deletes when the browser closes.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Folder the screenshots go to: <repo>/test-artifacts/screenshots/. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

export interface Viewport {
  width: number;
  height: number;
}

export const DEFAULT_VIEWPORT: Readonly<Viewport> = { width: 1366, height: 768 };

/**
 * Starts headless Chromium from /usr/bin/chromium with a fresh temporary profile,
 * removed again by `browser.close()`. Fails with a hint when Chromium is not installed.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it with: sudo bash scripts/ci/install-chromium.sh ` +
        `(Debian's chromium package; 'npx playwright install' does not work here).`,
    );
  }
  try {
    return await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      chromiumSandbox: false,
      args: [...CHROMIUM_ARGS],
      timeout: 60_000,
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `Could not launch ${CHROMIUM_PATH} with playwright-core: ${reason}\n` +
        `Check 'chromium --version' and re-run scripts/ci/install-chromium.sh.`,
      { cause: err },
    );
  }
}

/**
 * Opens a page in a new, isolated browser context with the given viewport.
 * Closing the page leaves its context open; `browser.close()` closes both.
 * Use `closePage` to close the page and its context together.
 */
export async function newPage(browser: Browser, viewport: Viewport = DEFAULT_VIEWPORT): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
  return context.newPage();
}

/** Closes a page made by `newPage` together with its browser context. */
export async function closePage(page: Page): Promise<void> {
  await page.context().close();
}

/** Turns a test's name into a safe file name: letters, digits, '.', '_' and '-' only. */
export function screenshotFileName(name: string): string {
  const base = name
    .replace(/\.png$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 120);
  return `${base || 'screenshot'}.png`;
}

/**
 * Writes a PNG of the page's viewport (or the whole page with fullPage) to
 * test-artifacts/screenshots/<sanitised name>.png and returns its absolute path.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, screenshotFileName(name));
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
}

export interface ConsoleErrors {
  /** Console errors and uncaught page exceptions seen so far, one line each. */
  readonly errors: readonly string[];
  /** Stops collecting. */
  stop(): void;
}

/**
 * Collects the page's console errors (`console.error`, failed resource loads that
 * Chromium reports on the console) and uncaught exceptions, so a test can assert
 * `expect(consoleErrors.errors).toEqual([])`. Start it before `page.goto`.
 */
export function collectConsoleErrors(page: Page): ConsoleErrors {
  const errors: string[] = [];
  const onConsole = (msg: ConsoleMessage): void => {
    if (msg.type() !== 'error') return;
    const { url, lineNumber } = msg.location();
    errors.push(url ? `console.error: ${msg.text()} (${url}:${lineNumber})` : `console.error: ${msg.text()}`);
  };
  const onPageError = (err: Error): void => {
    errors.push(`uncaught: ${err.message}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  return {
    errors,
    stop() {
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
    },
  };
}
