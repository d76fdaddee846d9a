// Smoke test for the real-browser setup: Debian's Chromium, driven by playwright-core,
// loads a page from a local node:http server, clicks a button, and gets a WebSocket echo back.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { collectConsoleErrors, launchBrowser, newPage, screenshot } from '../support/browser.js';

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <link rel="icon" href="data:,">
  <title>Browser smoke</title>
  <style>
    body { font-family: 'DejaVu Sans', sans-serif; margin: 2rem; }
    button { font-size: 1.25rem; padding: 0.5rem 1rem; }
    #echo { font-size: 1.25rem; margin-top: 1rem; }
  </style>
</head>
<body>
  <h1>Browser smoke test</h1>
  <button type="button" id="connect">Connect</button>
  <p id="echo" role="status">Not connected</p>
  <script>
    const button = document.getElementById('connect');
    const echo = document.getElementById('echo');
    button.addEventListener('click', () => {
      button.textContent = 'Connecting…';
      button.disabled = true;
      const socket = new WebSocket('ws://' + location.host + '/ws');
      let sentAt = 0;
      socket.addEventListener('open', () => {
        button.textContent = 'Connected';
        sentAt = performance.now();
        socket.send('hello from the page');
      });
      socket.addEventListener('message', (event) => {
        echo.dataset.rttMs = (performance.now() - sentAt).toFixed(2);
        echo.textContent = event.data;
        socket.close();
      });
      socket.addEventListener('error', () => console.error('websocket error'));
    });
  </script>
</body>
</html>`;

describe('real browser (Debian Chromium via playwright-core)', () => {
  let server: Server;
  let wss: WebSocketServer;
  let baseUrl: string;
  let browser: Browser | undefined;
  let page: Page;
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(PAGE);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    });
    wss = new WebSocketServer({ server, path: '/ws' });
    wss.on('connection', (socket) => {
      socket.on('message', (data) => {
        const text = data.toString();
        received.push(text);
        socket.send(`echo: ${text}`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;

    const started = performance.now();
    browser = await launchBrowser();
    console.log(`chromium ${browser.version()} launched in ${(performance.now() - started).toFixed(0)} ms`);
    page = await newPage(browser, { width: 1366, height: 768 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    for (const client of wss?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
  }, 30_000);

  it('clicks a button and shows the WebSocket echo, with no console errors', async () => {
    const consoleErrors = collectConsoleErrors(page);
    await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
    expect(await page.title()).toBe('Browser smoke');

    const button = page.getByRole('button', { name: 'Connect' });
    const status = page.getByRole('status');
    expect(await status.textContent()).toBe('Not connected');

    const clickedAt = performance.now();
    await button.click();
    await status.filter({ hasText: 'echo: hello from the page' }).waitFor({ timeout: 10_000 });
    const roundTripMs = performance.now() - clickedAt;
    const inPageMs = await status.getAttribute('data-rtt-ms');
    console.log(
      `click -> echo shown: ${roundTripMs.toFixed(1)} ms (WebSocket send -> message in page: ${inPageMs} ms)`,
    );

    expect(await page.getByRole('button', { name: 'Connected' }).isVisible()).toBe(true);
    expect(received).toEqual(['hello from the page']);

    const shot = await screenshot(page, 'browser smoke: after echo');
    console.log(`screenshot: ${shot}`);
    expect(shot).toMatch(/test-artifacts[/\\]screenshots[/\\]browser-smoke-after-echo\.png$/);

    consoleErrors.stop();
    expect(consoleErrors.errors).toEqual([]);
  }, 60_000);
});
