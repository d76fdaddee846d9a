import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import * as schema from './schema/index.js';
import { startPgliteThread } from './pglite-thread.js';
import { copyOut } from './copy-out.js';

export type Schema = typeof schema;
/** Both drivers behind one type, so repositories never know which one they talk to. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a repository can run a query on: the database or an open transaction. */
export type Executor = Database | Transaction;

export type DatabaseSettings =
  | {
      kind: 'postgres';
      url: string;
      max?: number;
      /** Named prepared statements (default true); false behind a pooler that cannot keep them. */
      preparedStatements?: boolean;
      /** 'off' (default): JIT compilation off on our connections; 'server': as the server is set (a pooler that refuses the parameter). */
      jit?: 'off' | 'server';
    }
  | { kind: 'pglite'; dataDir: string | null };

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Runs a trivial query; used by health checks. */
  ping(): Promise<void>;
  /**
   * LISTEN on a channel (NOTIFY is plain SQL, `select pg_notify(...)`, so it can share a transaction with
   * the change it announces). Resolves once listening; the result stops it.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Streams a query's result in COPY binary format (db/copy-binary-rows.ts reads it): on PostgreSQL as it
   * is written (db/copy-out.ts); on PGlite, written whole on its thread and then handed over in slices.
   */
  copyOut(query: string, onChunk: (chunk: Buffer) => void): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * drizzle sends every query through postgres.js's `unsafe(..., { prepare: false })` unless the query was given
 * a name, and an unnamed statement with parameters costs two round trips (parse and describe, then bind and
 * execute): half a busy server's socket writes. With `prepare: true` postgres.js keeps each statement prepared
 * per connection, so repeats take one. Statements without parameters (migrations) still go by the simple protocol.
 */
function preparingStatements(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'unsafe') return Reflect.get(target, property, receiver);
      return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
        target.unsafe(query, parameters, { ...options, prepare: true });
    },
  });
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(settings: DatabaseSettings): Promise<DatabaseHandle> {
  if (settings.kind === 'postgres') {
    // Our statements take well under a millisecond, but the planner's guesses for a batch passed as JSON can
    // pass jit_above_cost; compiling then costs more than running, on every execution (at 1,000 calls/s one
    // backend was kept busy with it: 1.1 ms of PostgreSQL's CPU a call instead of 0.4).
    const connection = settings.jit === 'server' ? {} : { jit: 'off' };
    const client = postgres(settings.url, { max: settings.max ?? 10, onnotice: () => {}, connection });
    const db = drizzlePostgres({ client: settings.preparedStatements === false ? client : preparingStatements(client), schema });
    await migratePostgres(db, { migrationsFolder });
    return {
      db,
      kind: 'postgres',
      ping: async () => void (await client`select 1`),
      listen: async (channel, onPayload) => {
        const { unlisten } = await client.listen(channel, onPayload);
        return unlisten;
      },
      copyOut: (query, onChunk) => copyOut(client, query, onChunk),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (settings.dataDir) await mkdir(settings.dataDir, { recursive: true });
  const client = await startPgliteThread(settings.dataDir);
  // drizzle types its client as the PGlite class, but calls only `query` and `transaction`, which the thread
  // offers with PGlite's signatures (db/pglite-thread.ts).
  const db = drizzlePglite({ client: client as unknown as PGlite, schema });
  try {
    await migratePglite(db, { migrationsFolder });
  } catch (err) {
    await client.close();
    throw err;
  }
  return {
    db,
    kind: 'pglite',
    ping: async () => void (await client.query('select 1')),
    listen: (channel, onPayload) => client.listen(channel, onPayload),
    copyOut: (query, onChunk) => client.copyOut(query, onChunk),
    close: () => client.close(),
  };
}
