import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

// The benchmark's PostgreSQL databases: each one new and empty, and dropped at the end (also after a failure).

export const POSTGRES_SERVER_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const created = new Set<string>();

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(run: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(POSTGRES_SERVER_URL, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await run(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** The server's version string, e.g. "PostgreSQL 15.20 (Debian ...)"; throws if it cannot be reached. */
export function postgresVersion(): Promise<string> {
  return withAdmin(async (admin) => {
    const [row] = await admin<{ version: string }[]>`select version() as version`;
    return row?.version ?? 'unknown';
  });
}

export async function createBenchDatabase(purpose: string): Promise<BenchDatabase> {
  const name = `callguard_bench_${purpose}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.unsafe(`create database ${name}`));
  created.add(name);
  const url = new URL(POSTGRES_SERVER_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withAdmin((admin) => admin.unsafe(`drop database if exists ${name} with (force)`));
      created.delete(name);
    },
  };
}

/** Drops whatever this run created and has not dropped yet. */
export async function dropAllBenchDatabases(): Promise<void> {
  if (created.size === 0) return;
  await withAdmin(async (admin) => {
    for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
  });
  created.clear();
}
