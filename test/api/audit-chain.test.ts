import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle, type DatabaseSettings } from '../../db/database.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { ApiClient } from '../support/http-client.js';
import { testConfig } from '../support/test-app.js';
import { TestClock } from '../support/test-clock.js';
import { createEmptyPostgresDatabase } from '../support/test-database.js';
import { createStaff } from '../../src/staff/staff.service.js';

const run = promisify(execFile);

// The trail lives in a database the verify command can open on its own: a PostgreSQL database or a PGlite directory.
let settings: DatabaseSettings;
let env: Record<string, string>;
let cleanup: () => Promise<void>;

async function verify(): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'audit:verify'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** Changes the trail as an insider with database superuser rights would: with triggers switched off. */
async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
  const database = await openDatabase(settings);
  try {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(statement);
    });
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  const pg = await createEmptyPostgresDatabase();
  if (pg) {
    settings = { kind: 'postgres', url: pg.url };
    env = { DATABASE_URL: pg.url };
    cleanup = pg.drop;
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'callguard-audit-'));
    settings = { kind: 'pglite', dataDir: dir };
    env = { DATA_DIR: dir };
    cleanup = () => rm(dir, { recursive: true, force: true });
  }
  // A few audited changes through the real API.
  const database: DatabaseHandle = await openDatabase(settings);
  let server: RunningServer | undefined;
  try {
    server = await startServer(testConfig(), { database, clock: new TestClock() });
    await createStaff(server.deps, null, { username: 'admin', displayName: 'Admin', role: 'admin', password: 'a long test password' });
    const token = (await new ApiClient(server.url).post('/api/session', { username: 'admin', password: 'a long test password' })).body.token;
    const api = new ApiClient(server.url, token);
    for (let i = 0; i < 3; i++) expect((await api.post('/api/customers', { name: `Customer ${i}`, phoneNumbers: [`07700 90070${i}`] })).status).toBe(201);
    // The application's own connection cannot rewrite history.
    for (const statement of [sql`update audit_events set action = 'nothing happened'`, sql`delete from audit_events`, sql`truncate audit_events`]) {
      const refused = await server.deps.db.execute(statement).then(() => null, (err: unknown) => err);
      expect(refused instanceof Error && String(refused.cause)).toMatch(/append-only/);
    }
  } finally {
    await server?.close();
    await database.close();
  }
});
afterAll(() => cleanup?.());

describe('npm run audit:verify', () => {
  it('passes on an untouched trail', async () => {
    const result = await verify();
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/audit trail intact: 5 events/);
  });

  it('fails on an edited event and names it', async () => {
    await tamper(sql`update audit_events set after = jsonb_set(after, '{name}', '"Someone Else"') where id = 3`);
    const result = await verify();
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/BROKEN at event 3: event 3 \(customer\.created on customer .*\) was altered/);
  });

  it('fails on a deleted event and names where the chain breaks', async () => {
    await tamper(sql`delete from audit_events where id = 3`);
    const result = await verify();
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/BROKEN at event 4: event 4 does not follow event 2/);
  });

  it('fails when the newest events are deleted', async () => {
    await tamper(sql`delete from audit_events where id >= 3`);
    const result = await verify();
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/BROKEN at event 5: .*events were removed/);
  });
});
