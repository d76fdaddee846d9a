import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/audit/audit.repository.js';
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js';
import { purgeNow, startRetentionJob } from '../../src/retention/retention.job.js';
import { previewPurge, PURGE_LOCK, purgeExpiredRecords, retentionCutoff, RETENTION_AUDIT_ENTITY_ID } from '../../src/retention/retention.purge.js';
import { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { dramaNumber } from '../support/scenario.js';
import { npmRun } from '../support/run-command.js';
import { createScriptDatabase, withDatabase, type ScriptDatabase } from '../support/script-database.js';
import { startAppOn, startTestApp, testConfig, type TestApp } from '../support/test-app.js';
import { DAY, TestClock } from '../support/test-clock.js';
import { LOCAL_POSTGRES_URL, testDatabaseUrl } from '../support/test-database.js';
import { countRows, makeCallRecords, type CallRecords } from './retention-fixtures.js';

// R15 with the default RETENTION_DAYS (730): records made 800 days ago are expired, 100 days ago are not.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const OLD = new Date(NOW.getTime() - 800 * DAY);
const RECENT = new Date(NOW.getTime() - 100 * DAY);
const DEFAULT_RETENTION_DAYS = 730;

const purgeEvents = async (app: TestApp) =>
  listAuditEvents(app.server.deps.db, { entityType: 'retention', entityId: RETENTION_AUDIT_ENTITY_ID, limit: 1000 });

describe('retention purge (R15)', () => {
  let app: TestApp;
  let old: CallRecords;
  let recent: CallRecords;
  const rows = (records: CallRecords) => countRows(app.server.database, records);
  // The app's own daily job keeps everything (it must not race these tests); the tests purge with the default.
  const deps = () => ({ ...app.server.deps, config: { ...app.server.deps.config, retentionDays: DEFAULT_RETENTION_DAYS } });

  /** Ordinary calls made and recorded at OLD, the clock back at NOW after; their records, to count what is left. */
  async function oldCalls(count: number): Promise<CallRecords> {
    app.clock.set(OLD);
    const twilio = new FakeTwilioCaller(app.url);
    const calls: string[] = [];
    for (let i = 0; i < count; i++) calls.push((await twilio.call(dramaNumber())).callSid);
    await app.server.app.calls.records.drain();
    app.clock.set(NOW);
    return { calls, breachCalls: [], voicemailCall: '', bypassCall: '', closedTerminations: [], openTerminations: [] };
  }

  beforeAll(async () => {
    app = await startTestApp({ clock: new TestClock(OLD), env: { RETENTION_DAYS: '36500' } });
    old = await makeCallRecords(app, { terminations: true });
    app.clock.set(RECENT);
    recent = await makeCallRecords(app, { terminations: true });
    app.clock.set(NOW);
  }, 120_000);
  afterAll(() => app?.close());

  it('deletes old calls with their breaches and voicemails and closed terminations; keeps recent ones, open terminations and the audit trail', async () => {
    expect(testConfig().retentionDays).toBe(DEFAULT_RETENTION_DAYS);
    const before = { old: await rows(old), recent: await rows(recent) };
    expect(before.old).toEqual({ calls: old.calls.length, breaches: 2, voicemails: 1, terminations: 7, closedTerminations: 2, openTerminations: 5 });
    expect(before.recent).toEqual(before.old);
    const auditBefore = await verifyAuditTrail(app.server.deps.db);
    expect(auditBefore.ok).toBe(true);

    const preview = await previewPurge(app.server.deps.db, { now: NOW, retentionDays: 730 });
    const result = await purgeNow(deps());

    const expected = { calls: old.calls.length, breaches: 2, voicemails: 1, terminations: 2 };
    expect(result).toMatchObject({ outcome: 'purged', complete: true, counts: expected, heldBack: { terminations: 5 } });
    expect(result.cutoff).toEqual(retentionCutoff(NOW, 730));
    expect(preview.counts).toEqual(expected);
    expect(preview.heldBack).toEqual({ terminations: 5 });

    // Old call records are gone, recording details with them; what still needs a supervisor stays.
    expect(await rows(old)).toEqual({ calls: 0, breaches: 0, voicemails: 0, terminations: 5, closedTerminations: 0, openTerminations: 5 });
    expect(await rows(recent)).toEqual(before.recent);

    // One audited event, by the system, with the counts, the cutoff and what the rows gave the reports.
    const [event, ...more] = await purgeEvents(app);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ action: 'retention.purged', entityType: 'retention', actorId: null, actorUsername: null, before: null });
    expect(event?.occurredAt).toEqual(NOW);
    const after = event?.after as Record<string, any>;
    expect(after).toMatchObject({ retentionDays: 730, cutoff: result.cutoff.toISOString(), ...expected, heldBack: { terminations: 5 }, complete: true });
    const months = Object.values(after.byMonth as Record<string, { breaches: Record<string, number>; terminations: Record<string, number>; emergencyBypasses: number }>);
    expect(months.reduce((n, m) => n + Object.values(m.breaches).reduce((a, b) => a + b, 0), 0)).toBe(2);
    expect(months.reduce((n, m) => n + m.emergencyBypasses, 0)).toBe(1);
    expect(months.reduce((n, m) => n + (m.terminations.abusive_language ?? 0) + (m.terminations.threat_of_violence ?? 0), 0)).toBe(2);

    // The audit trail is untouched but for the new event, and its chain verifies.
    const auditAfter = await verifyAuditTrail(app.server.deps.db);
    expect(auditAfter).toEqual({ ok: true, events: auditBefore.ok ? auditBefore.events + 1 : -1 });

    // Idempotent: nothing left to purge, and nothing written about it.
    const again = await purgeNow(deps());
    expect(again).toMatchObject({ outcome: 'nothing', complete: true, counts: { calls: 0, breaches: 0, voicemails: 0, terminations: 0 }, heldBack: { terminations: 5 } });
    expect(await purgeEvents(app)).toHaveLength(1);
    expect(await verifyAuditTrail(app.server.deps.db)).toEqual(auditAfter);
  });

  it('purges a backlog in several runs of bounded batches, each one audited', async () => {
    await oldCalls(5);
    const settings = { now: NOW, retentionDays: 730, timeZone: 'Europe/London', batchSize: 2, maxBatches: 2 };
    const events = (await purgeEvents(app)).length;
    expect(await purgeExpiredRecords(app.server.deps.db, settings)).toMatchObject({ outcome: 'purged', complete: false, counts: { calls: 4 } });
    expect(await purgeExpiredRecords(app.server.deps.db, settings)).toMatchObject({ outcome: 'purged', complete: true, counts: { calls: 1 } });
    expect(await purgeExpiredRecords(app.server.deps.db, settings)).toMatchObject({ outcome: 'nothing', complete: true });
    expect(await purgeEvents(app)).toHaveLength(events + 2);
    expect((await verifyAuditTrail(app.server.deps.db)).ok).toBe(true);
  });

  it('runs once when two purges start together (as two instances would)', async () => {
    await oldCalls(3);
    const events = (await purgeEvents(app)).length;
    const results = await Promise.all([purgeNow(deps()), purgeNow(deps())]);
    expect(results.map((r) => r.counts.calls).sort()).toEqual([0, 3]);
    // The other one found the lock taken (PostgreSQL) or ran after it and found nothing (PGlite runs one transaction at a time).
    expect(results.map((r) => r.outcome).filter((o) => o !== 'purged')).toEqual([expect.stringMatching(/^(busy|nothing)$/)]);
    expect(await purgeEvents(app)).toHaveLength(events + 1);
    expect((await verifyAuditTrail(app.server.deps.db)).ok).toBe(true);
  });

  it.skipIf(!testDatabaseUrl)('does nothing while another instance holds the purge lock (PostgreSQL)', async () => {
    const records = await oldCalls(1);
    await app.server.deps.db.transaction(async (otherInstance) => {
      await otherInstance.execute(sql`select pg_advisory_xact_lock(${PURGE_LOCK})`);
      expect(await purgeNow(deps())).toMatchObject({ outcome: 'busy', complete: false, counts: { calls: 0 } });
    });
    expect((await rows(records)).calls).toBe(1);
    expect(await purgeNow(deps())).toMatchObject({ outcome: 'purged', counts: { calls: 1 } });
  });

  it('purges from the daily job, shortly after start, and stops with it', async () => {
    const records = await oldCalls(1);
    const events = (await purgeEvents(app)).length;
    const job = startRetentionJob(deps(), { firstRunMs: 10 });
    try {
      for (let i = 0; i < 200 && (await rows(records)).calls > 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect((await rows(records)).calls).toBe(0);
      expect(await purgeEvents(app)).toHaveLength(events + 1);
    } finally {
      job.stop();
    }
  });
});

describe('npm run purge', () => {
  let target: ScriptDatabase;
  let old: CallRecords;
  let recent: CallRecords;
  const purge = (args: string[] = [], env: Record<string, string> = target.env) => npmRun('purge', args, env);

  beforeAll(async () => {
    target = await createScriptDatabase('purge');
    // The script purges by the real clock: records 800 days old are expired, 10 days old are not.
    await withDatabase(target.settings, async (database) => {
      const clock = new TestClock(new Date(Date.now() - 800 * DAY));
      // RETENTION_DAYS for the app's own job only, so it cannot purge before the script does.
      const app = await startAppOn(database, clock, { RETENTION_DAYS: '36500' });
      try {
        old = await makeCallRecords(app, { terminations: false });
        clock.set(new Date(Date.now() - 10 * DAY));
        recent = await makeCallRecords(app, { terminations: false });
      } finally {
        await app.close();
      }
    });
  }, 120_000);
  afterAll(() => target?.drop());

  it('--dry-run says what would go and deletes nothing', async () => {
    const result = await purge(['--dry-run']);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/retention 730 days: records from before \d{4}-\d\d-\d\dT/);
    expect(result.out).toContain(`dry run: would purge ${old.calls.length} calls, 2 breaches, 1 voicemails, 0 terminated calls`);
    expect(await withDatabase(target.settings, (database) => countRows(database, old))).toMatchObject({ calls: old.calls.length, breaches: 2, voicemails: 1 });
  });

  it('purges the old records, keeps the recent ones, and audit:verify still passes; a second run purges nothing', { timeout: 90_000 }, async () => {
    const result = await purge();
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain(`purged ${old.calls.length} calls, 2 breaches, 1 voicemails, 0 terminated calls`);
    await withDatabase(target.settings, async (database) => {
      expect(await countRows(database, old)).toMatchObject({ calls: 0, breaches: 0, voicemails: 0 });
      expect(await countRows(database, recent)).toMatchObject({ calls: recent.calls.length, breaches: 2, voicemails: 1 });
      const events = await listAuditEvents(database.db, { entityType: 'retention', limit: 10 });
      expect(events.map((e) => e.action)).toEqual(['retention.purged']);
    });

    const verified = await npmRun('audit:verify', [], target.env);
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toMatch(/audit trail intact: \d+ events, every link verified/);

    const again = await purge();
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('purged 0 calls, 0 breaches, 0 voicemails, 0 terminated calls');
  });

  it('exits non-zero on a bad setting or a database it cannot reach', { timeout: 60_000 }, async () => {
    const badSetting = await purge([], { ...target.env, RETENTION_DAYS: '7' });
    expect(badSetting.code).toBe(2);
    expect(badSetting.out).toMatch(/RETENTION_DAYS/);
    const missing = new URL(LOCAL_POSTGRES_URL);
    missing.pathname = '/callguard_no_such_database';
    const unreachable = await purge([], { DATABASE_URL: missing.toString() });
    expect(unreachable.code).toBe(1);
    expect(unreachable.out).toMatch(/purge failed/);
    const usage = await purge(['--everything']);
    expect(usage.code).toBe(2);
  });
});
