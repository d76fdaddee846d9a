import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle, type DatabaseSettings } from '../../db/database.js';
import { createEmptyPostgresDatabase } from './test-database.js';

// A database an npm script (audit:verify, purge) can open on its own, as it would in production: a new
// PostgreSQL database on the PostgreSQL pass, else a PGlite directory (an in-memory one would be this process's alone).

export interface ScriptDatabase {
  settings: DatabaseSettings;
  /** What the script needs in its environment to open it. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** `name` marks the PGlite directory, to tell whose it is if one is left behind. */
export async function createScriptDatabase(name: string): Promise<ScriptDatabase> {
  const pg = await createEmptyPostgresDatabase();
  if (pg) return { settings: { kind: 'postgres', url: pg.url }, env: { DATABASE_URL: pg.url }, drop: pg.drop };
  const dir = await mkdtemp(join(tmpdir(), `callguard-${name}-`));
  return { settings: { kind: 'pglite', dataDir: dir }, env: { DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
}

/** Opens the database for as long as `fn` runs (a script cannot open a PGlite directory this process holds). */
export async function withDatabase<T>(settings: DatabaseSettings, fn: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openDatabase(settings);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}
