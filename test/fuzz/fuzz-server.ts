import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Role } from '../../src/core/roles.js';
import { startServer } from '../../src/server.js';
import { queryRows } from '../../db/query-rows.js';
import { createLogger } from '../../src/shared/logger.js';
import { ApiClient } from '../support/http-client.js';
import { TestClock } from '../support/test-clock.js';
import { openTestDatabase } from '../support/test-database.js';
import { signInNewStaff, testConfig, type StaffFields } from '../support/test-app.js';

// The service under fuzz, in a process of its own (started by fuzz-harness.ts with `node --import tsx`), so the
// server and its in-process database use one core while the test generates and checks cases on another.
// It answers the harness over IPC: staff to sign in, table snapshots, flushing deferred writes, and it forwards
// every error-level log line as it is written.

type Snapshot = Record<string, string>;

// The parts of a pino line the summary uses. A part of another type is passed over, as if it were not there.
const maybeText = z.string().optional().catch(undefined);
const logLine = z.object({
  msg: maybeText,
  path: maybeText,
  err: z.object({ message: maybeText, cause: z.object({ message: maybeText }).optional().catch(undefined) }).optional().catch(undefined),
});

const send = (message: unknown) => process.send?.(message);

/** "message (path): error ← cause" of a pino line; a database error's cause is at the end, so both ends are kept. */
function summariseLogLine(line: string): string {
  try {
    const entry = logLine.parse(JSON.parse(line));
    const cause = [entry.err?.message, entry.err?.cause?.message].filter(Boolean).join(' ← ');
    const shortCause = cause.length > 700 ? `${cause.slice(0, 300)} … ${cause.slice(-400)}` : cause;
    return `${entry.msg ?? ''}${entry.path ? ` (${entry.path})` : ''}: ${shortCause}`;
  } catch {
    return line.slice(0, 1_000);
  }
}

async function main(): Promise<void> {
  const env = z.record(z.string(), z.string()).parse(JSON.parse(process.env.FUZZ_SERVER_ENV ?? '{}'));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) send({ type: 'error-log', line: summariseLogLine(line) });
      done();
    },
  });
  const clock = new TestClock();
  const database = await openTestDatabase();
  const server = await startServer(testConfig(env), { clock, database, logger: createLogger('error', sink) });
  const api = new ApiClient(server.url);

  const tables = (await queryRows(server.deps.db, sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`, z.object({ name: z.string() }))).map((r) => r.name);
  // Row count and the ids of the transactions that wrote the rows: an insert, update or delete changes one of
  // them, and nothing has to read the rows' content (a content hash made the fuzz several times slower).
  const snapshotQuery = sql.raw(
    tables.map((t) => `select '${t}' as name, count(*)::int as n, coalesce(max(xmin::text::bigint), 0) || ':' || coalesce(sum(xmin::text::bigint), 0) as h from "${t}"`).join(' union all '),
  );
  const fullSnapshot = async (): Promise<Snapshot> =>
    Object.fromEntries((await queryRows(server.deps.db, snapshotQuery, z.object({ name: z.string(), n: z.number(), h: z.string() }))).map((r) => [r.name, `${r.n}:${r.h}`]));
  // PGlite is this process's own database: no transaction id is assigned unless something here writes (or starts to
  // and rolls back), so while the next one to be assigned stays the same, the tables cannot have changed. (On
  // PostgreSQL the ids are shared with every other database on the server: there, always read the tables.)
  const nextTransactionId = async () => (await queryRows(server.deps.db, sql`select pg_snapshot_xmax(pg_current_snapshot())::text as x`, z.object({ x: z.string() })))[0]!.x;
  let cached: { next: string; snapshot: Snapshot } | null = null;
  const snapshot = async (): Promise<Snapshot> => {
    if (database.kind !== 'pglite') return fullSnapshot();
    const next = await nextTransactionId();
    if (cached?.next === next) return cached.snapshot;
    const taken = await fullSnapshot();
    cached = (await nextTransactionId()) === next ? { next, snapshot: taken } : null;
    return taken;
  };
  const changed = (a: Snapshot, b: Snapshot) => Object.keys({ ...a, ...b }).filter((name) => a[name] !== b[name]);

  /** Flushes batched and deferred call writes; the snapshot once two in a row agree. */
  const quiesce = async (): Promise<Snapshot> => {
    const { calls } = server.app;
    let previous: Snapshot | null = null;
    for (let i = 0; i < 100; i++) {
      await calls.records.drain();
      await calls.statuses.drain();
      await calls.writes.drain();
      const current = await snapshot();
      if (previous && changed(previous, current).length === 0) return current;
      if (previous) await new Promise((resolve) => setTimeout(resolve, 5));
      previous = current;
    }
    throw new Error('data kept changing');
  };

  const handlers: Record<string, (...args: any[]) => unknown> = {
    ping: () => 'pong',
    snapshot,
    quiesce,
    /** Waits until the tables stop changing for a quarter of a second (fixtures made through webhooks). */
    settle: async (timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      let previous = await quiesce();
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const current = await quiesce();
        if (changed(previous, current).length === 0) return;
        if (Date.now() > deadline) throw new Error(`data still changing after ${timeoutMs} ms: ${changed(previous, current).join(', ')}`);
        previous = current;
      }
    },
    staff: async (role: Role, fields: StaffFields = {}) => {
      const { staff, token } = await signInNewStaff(server, api, role, fields, 'fuzz-');
      return { staff, token };
    },
    close: async () => {
      await server.close();
      await database.close();
      setImmediate(() => process.exit(0));
    },
  };

  process.on('message', (message: { id: number; method: string; args: unknown[] }) => {
    const handler = handlers[message.method];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no method ${message.method}`);
        return handler(...message.args);
      })
      .then(
        (result) => send({ id: message.id, result }),
        (err: unknown) => send({ id: message.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
      );
  });
  send({ type: 'ready', url: server.url, clockStart: clock.now().toISOString(), region: server.deps.config.defaultRegion });
}

// The test process going away takes this one with it.
process.on('disconnect', () => process.exit(0));
main().catch((err: unknown) => {
  send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
