import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmptyPostgresDatabase } from '../support/test-database.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, deadline: number): Promise<{ status: number; body: unknown }> {
  for (;;) {
    try {
      const res = await fetch(url);
      return { status: res.status, body: await res.json() };
    } catch {
      if (Date.now() > deadline) throw new Error(`no answer from ${url} in time`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

// npm runs tsx, which runs node: signalling npm alone left the server running after the test. The child
// leads a process group of its own, and the whole group is stopped.
const children: ChildProcess[] = [];
const stopGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
};
const groupAlive = (child: ChildProcess) => {
  try {
    return child.pid !== undefined && process.kill(-child.pid, 0);
  } catch {
    return false;
  }
};
afterAll(() => {
  for (const child of children) stopGroup(child, 'SIGKILL');
});

describe('npm start on a fresh data directory', () => {
  it('serves /healthz within 10 s, reporting the database kind, and prints the demo logins and webhook URL', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'callguard-start-'));
    const postgres = await createEmptyPostgresDatabase();
    const port = await freePort();
    const started = Date.now();
    const child = spawn('npm', ['start', '--silent'], {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        ...(postgres ? { DATABASE_URL: postgres.url } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const health = await waitForHealth(`http://127.0.0.1:${port}/healthz`, started + 10_000);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(health).toEqual({ status: 200, body: { status: 'ok', database: postgres ? 'postgres' : 'pglite' } });
      await expect.poll(() => output, { timeout: 10_000 }).toContain('Demo logins');
      expect(output).toContain('/webhooks/voice/incoming');
      expect(output).toMatch(/supervisor\s+supervisor\s+callguard-demo/);

      const signIn = await fetch(`http://127.0.0.1:${port}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'director', password: 'callguard-demo' }),
      });
      expect(signIn.status).toBe(200);
    } finally {
      stopGroup(child, 'SIGTERM');
      await expect.poll(() => groupAlive(child), { timeout: 10_000 }).toBe(false);
      await rm(dataDir, { recursive: true, force: true });
      await postgres?.drop();
    }
  });
});
