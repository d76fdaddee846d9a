import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../db/database.js';

/** Set by .ci/run for the second pass: the whole suite then runs on the machine's PostgreSQL. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || null;

/** Tests that need a real server to stop (database outages) use it on either pass. */
export const LOCAL_POSTGRES_URL = testDatabaseUrl ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A database of the test file's own: in-memory PGlite, or a new PostgreSQL database
 * (dropped on close) so parallel files and repeated runs never collide.
 */
export async function openTestDatabase(): Promise<DatabaseHandle & { url: string | null }> {
  if (!testDatabaseUrl) return { ...(await openDatabase({ kind: 'pglite', dataDir: null })), url: null };
  const name = `callguard_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), max: 5 });
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A name for a fresh, empty PostgreSQL database (for tests that start the service as a process). */
export async function createEmptyPostgresDatabase(serverUrl: string | null = testDatabaseUrl): Promise<{ url: string; drop(): Promise<void> } | null> {
  if (!serverUrl) return null;
  const name = `callguard_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
