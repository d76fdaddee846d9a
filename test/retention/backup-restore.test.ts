import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseSettings } from '../../db/database.js';
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js';
import { npmRun, runCommand } from '../support/run-command.js';
import { withDatabase } from '../support/script-database.js';
import { startAppOn } from '../support/test-app.js';
import { TestClock } from '../support/test-clock.js';
import { createEmptyPostgresDatabase, LOCAL_POSTGRES_URL } from '../support/test-database.js';
import { countRows, makeCallRecords, tableDigests, type CallRecords } from './retention-fixtures.js';

// Backup and restore (docs/BACKUP.md): data made through the service, backed up, restored somewhere new; the
// restored copy holds the same rows, its audit chain verifies (`npm run audit:verify`), the append-only
// triggers came back with it, and the service carries on writing to it.

const auditVerify = (env: Record<string, string>) => npmRun('audit:verify', [], env);

/** Fills a database through the running service; returns what was made and the length of the audit trail. */
async function fill(settings: DatabaseSettings): Promise<{ made: CallRecords; events: number }> {
  return withDatabase(settings, async (database) => {
    const app = await startAppOn(database, new TestClock());
    try {
      const made = await makeCallRecords(app, { terminations: true });
      const trail = await verifyAuditTrail(database.db);
      if (!trail.ok) throw new Error('audit trail broken before the backup');
      return { made, events: trail.events };
    } finally {
      await app.close();
    }
  });
}

/** What must hold of any restored copy. */
async function checkRestored(settings: DatabaseSettings, expected: { made: CallRecords; events: number; digests: Awaited<ReturnType<typeof tableDigests>> }) {
  await withDatabase(settings, async (database) => {
    // The same rows in every table, audit trail and chain head included.
    expect(await tableDigests(database)).toEqual(expected.digests);
    expect(await countRows(database, expected.made)).toEqual({ calls: expected.made.calls.length, breaches: 2, voicemails: 1, terminations: 7, closedTerminations: 2, openTerminations: 5 });

    // The append-only triggers came back with the dump.
    for (const statement of [sql`update audit_events set action = 'nothing happened'`, sql`delete from audit_events`, sql`truncate audit_events`]) {
      const refused = await database.db.execute(statement).then(() => null, (err: unknown) => err);
      expect(refused instanceof Error && String(refused.cause ?? refused.message)).toMatch(/append-only/);
    }

    // The service runs on the copy and the chain carries on from where the backup left it.
    const app = await startAppOn(database, new TestClock());
    try {
      const director = await app.staff('director');
      expect((await director.api.post('/api/customers', { name: 'After Restore', phoneNumbers: ['07700 900999'] })).status).toBe(201);
    } finally {
      await app.close();
    }
    const trail = await verifyAuditTrail(database.db);
    expect(trail.ok && trail.events).toBeGreaterThan(expected.events);
  });
}

describe('PostgreSQL: pg_dump, then pg_restore or psql', () => {
  const dropLater: (() => Promise<void>)[] = [];
  let work: string;
  let source: string;
  let filled: { made: CallRecords; events: number };
  let digests: Awaited<ReturnType<typeof tableDigests>>;

  const emptyDatabase = async () => {
    const created = await createEmptyPostgresDatabase(LOCAL_POSTGRES_URL);
    if (!created) throw new Error('no PostgreSQL server');
    dropLater.push(created.drop);
    return created.url;
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'callguard-pgdump-'));
    source = await emptyDatabase();
    filled = await fill({ kind: 'postgres', url: source });
    digests = await withDatabase({ kind: 'postgres', url: source }, tableDigests);
    expect(digests['public.audit_events']?.rows).toBe(filled.events);
  }, 120_000);
  afterAll(async () => {
    for (const drop of dropLater) await drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const formats = [
    {
      name: 'custom format, pg_restore',
      dump: (file: string) => ['/usr/bin/pg_dump', ['--format=custom', `--file=${file}`, source]] as const,
      restore: (file: string, target: string) => ['/usr/bin/pg_restore', ['--exit-on-error', '--no-owner', `--dbname=${target}`, file]] as const,
    },
    {
      name: 'plain SQL, psql',
      dump: (file: string) => ['/usr/bin/pg_dump', ['--format=plain', '--no-owner', `--file=${file}`, source]] as const,
      restore: (file: string, target: string) => ['/usr/bin/psql', ['--quiet', '--set=ON_ERROR_STOP=1', `--file=${file}`, target]] as const,
    },
  ];

  for (const format of formats) {
    it(`${format.name}: same rows, audit:verify passes, triggers work, the service carries on`, { timeout: 90_000 }, async () => {
      const file = join(work, `callguard-${formats.indexOf(format)}.dump`);
      const [dumper, dumpArgs] = format.dump(file);
      const dumped = await runCommand(dumper, [...dumpArgs]);
      expect(dumped.code, dumped.out).toBe(0);

      const target = await emptyDatabase();
      const [restorer, restoreArgs] = format.restore(file, target);
      const restored = await runCommand(restorer, [...restoreArgs]);
      expect(restored.code, restored.out).toBe(0);

      const verified = await auditVerify({ DATABASE_URL: target });
      expect(verified.code, verified.out).toBe(0);
      expect(verified.out).toContain(`audit trail intact: ${filled.events} events, every link verified`);

      await checkRestored({ kind: 'postgres', url: target }, { ...filled, digests });
    });
  }
});

describe('PGlite: the data directory', () => {
  let work: string;
  let dataDir: string;
  let filled: { made: CallRecords; events: number };
  let digests: Awaited<ReturnType<typeof tableDigests>>;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'callguard-pglite-backup-'));
    dataDir = join(work, 'data');
    filled = await fill({ kind: 'pglite', dataDir });
    digests = await withDatabase({ kind: 'pglite', dataDir }, tableDigests);
    expect(digests['public.audit_events']?.rows).toBe(filled.events);
  }, 120_000);
  afterAll(() => (work ? rm(work, { recursive: true, force: true }) : undefined));

  it('dump with dumpDataDir and restore with loadDataDir (scripts/backup-pglite.ts)', { timeout: 120_000 }, async () => {
    const tarball = join(work, 'callguard-backup.tar.gz');
    const dumped = await runCommand('npx', ['tsx', 'scripts/backup-pglite.ts', 'dump', tarball], { DATA_DIR: dataDir });
    expect(dumped.code, dumped.out).toBe(0);
    expect(dumped.out).toContain(`audit trail intact: ${filled.events} events`);

    const restoredDir = join(work, 'restored');
    const restored = await runCommand('npx', ['tsx', 'scripts/backup-pglite.ts', 'restore', tarball, restoredDir]);
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toContain(`audit trail intact: ${filled.events} events`);
    // Never over a data directory that holds something.
    const overwrite = await runCommand('npx', ['tsx', 'scripts/backup-pglite.ts', 'restore', tarball, dataDir]);
    expect(overwrite.code).toBe(2);
    expect(overwrite.out).toMatch(/not empty/);

    const verified = await auditVerify({ DATA_DIR: restoredDir });
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toContain(`audit trail intact: ${filled.events} events, every link verified`);
    await checkRestored({ kind: 'pglite', dataDir: restoredDir }, { ...filled, digests });
  });

  it('a copy of the stopped data directory', { timeout: 90_000 }, async () => {
    const copy = join(work, 'copy');
    await cp(dataDir, copy, { recursive: true });
    const verified = await auditVerify({ DATA_DIR: copy });
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toContain(`audit trail intact: ${filled.events} events, every link verified`);
    await checkRestored({ kind: 'pglite', dataDir: copy }, { ...filled, digests });
  });
});
