import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmRun } from '../support/run-command.js';
import { createScriptDatabase, withDatabase, type ScriptDatabase } from '../support/script-database.js';
import { startAppOn } from '../support/test-app.js';
import { TestClock } from '../support/test-clock.js';

// The trail lives in a database the verify command can open on its own: a PostgreSQL database or a PGlite directory.
let trail: ScriptDatabase;

const verify = () => npmRun('audit:verify', [], trail.env);

/** Changes the trail as an insider with database superuser rights would: with triggers switched off. */
async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
  await withDatabase(trail.settings, (database) =>
    database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(statement);
    }),
  );
}

beforeAll(async () => {
  trail = await createScriptDatabase('audit');
  // A few audited changes through the real API.
  await withDatabase(trail.settings, async (database) => {
    const app = await startAppOn(database, new TestClock());
    try {
      const admin = await app.staff('admin');
      for (let i = 0; i < 3; i++) expect((await admin.api.post('/api/customers', { name: `Customer ${i}`, phoneNumbers: [`07700 90070${i}`] })).status).toBe(201);
      // The application's own connection cannot rewrite history.
      for (const statement of [sql`update audit_events set action = 'nothing happened'`, sql`delete from audit_events`, sql`truncate audit_events`]) {
        const refused = await app.server.deps.db.execute(statement).then(() => null, (err: unknown) => err);
        expect(refused instanceof Error && String(refused.cause)).toMatch(/append-only/);
      }
    } finally {
      await app.close();
    }
  });
});
afterAll(() => trail?.drop());

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
