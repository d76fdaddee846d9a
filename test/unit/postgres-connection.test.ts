import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type DatabaseHandle } from '../../db/database.js';
import { queryRows } from '../../db/query-rows.js';
import { createEmptyPostgresDatabase, LOCAL_POSTGRES_URL } from '../support/test-database.js';

// JIT compilation on callguard's PostgreSQL connections: off, even where the database says on, unless
// DATABASE_JIT=server leaves it to the server.
let pg: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
const opened: DatabaseHandle[] = [];

beforeAll(async () => {
  pg = await createEmptyPostgresDatabase(LOCAL_POSTGRES_URL);
  // The database's own default says on, whatever this machine's server is set to.
  const admin = postgres(pg!.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`do $$ begin execute format('alter database %I set jit = on', current_database()); end $$`);
  await admin.end();
});

afterAll(async () => {
  for (const handle of opened) await handle.close();
  await pg?.drop();
});

const setting = z.looseObject({ jit: z.string() });

async function jitSettings(handle: DatabaseHandle): Promise<string[]> {
  // Several at once, so more than one of the pool's connections answers.
  const answers = await Promise.all(Array.from({ length: 4 }, () => queryRows(handle.db, sql`select current_setting('jit') as jit, pg_sleep(0.02)`, setting)));
  return answers.flat().map((row) => row.jit);
}

describe('PostgreSQL connections', () => {
  it('have JIT compilation off by default, on every connection of the pool, whatever the database says', async () => {
    const handle = await openDatabase({ kind: 'postgres', url: pg!.url, max: 4 });
    opened.push(handle);
    expect(await jitSettings(handle)).toEqual(['off', 'off', 'off', 'off']);
  });

  it("leave JIT as the server has it with jit: 'server'", async () => {
    const handle = await openDatabase({ kind: 'postgres', url: pg!.url, max: 4, jit: 'server' });
    opened.push(handle);
    expect(await jitSettings(handle)).toEqual(['on', 'on', 'on', 'on']);
  });
});
