import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseSettings } from '../../db/database.js';
import { calls } from '../../db/schema/index.js';
import { FakeTwilioCaller, newCallSid } from '../support/fake-twilio-caller.js';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, TEST_PUBLIC_URL } from '../support/test-app.js';
import { createEmptyPostgresDatabase } from '../support/test-database.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('SIGTERM in the middle of a load', () => {
  it('loses no call record whose webhook was answered', async () => {
    // PostgreSQL on the PostgreSQL pass, an on-disk PGlite otherwise.
    const pg = await createEmptyPostgresDatabase();
    const dataDir = pg ? null : await mkdtemp(join(tmpdir(), 'callguard-sigterm-'));
    const settings: DatabaseSettings = pg ? { kind: 'postgres', url: pg.url } : { kind: 'pglite', dataDir };
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        PUBLIC_URL: TEST_PUBLIC_URL,
        TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        CALLGUARD_ADMIN_PASSWORD: 'a long admin password',
        ...(pg ? { DATABASE_URL: pg.url } : { DATA_DIR: dataDir ?? '' }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        if ((await fetch(`${url}/readyz`).then((r) => r.status, () => 0)) === 200) break;
        if (i > 200) throw new Error(`service did not become ready:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }

      const caller = new FakeTwilioCaller(url);
      const acknowledged: string[] = [];
      let refusedOrDropped = 0;
      let stop = false;
      const loop = async (worker: number) => {
        for (let i = 0; !stop; i++) {
          const callSid = newCallSid();
          try {
            const answer = await caller.call(`07700 9${String((worker * 1000 + i) % 100000).padStart(5, '0')}`, { CallSid: callSid });
            if (answer.status === 200) acknowledged.push(callSid);
            else refusedOrDropped += 1;
          } catch {
            refusedOrDropped += 1;
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      };
      const workers = Array.from({ length: 8 }, (_, w) => loop(w));
      await new Promise((r) => setTimeout(r, 700));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      stop = true;
      await Promise.all(workers);
      console.log(`SIGTERM mid-load: ${acknowledged.length} calls answered, ${refusedOrDropped} refused or dropped after the signal`);
      expect(acknowledged.length).toBeGreaterThan(20);

      const database = await openDatabase(settings);
      try {
        const stored = new Set<string>();
        for (let i = 0; i < acknowledged.length; i += 1000) {
          const rows = await database.db.select({ callSid: calls.callSid }).from(calls).where(inArray(calls.callSid, acknowledged.slice(i, i + 1000)));
          for (const row of rows) stored.add(row.callSid);
        }
        expect(acknowledged.filter((sid) => !stored.has(sid))).toEqual([]);
      } finally {
        await database.close();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await pg?.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
