import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import express from 'express';
import { count, inArray } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { calls } from '../db/schema/index.js';
import type { Role } from '../src/core/roles.js';
import { startServer, type RunningServer } from '../src/server.js';
import { createStaff } from '../src/staff/staff.service.js';
import { benchConfig, collectGarbage, INCOMING_PATH, OUR_NUMBER, STAFF_PASSWORD } from './bench-support.js';
import type { IndexLoadReading, ServerCommand, ServerSpec, ServerReady } from './server-protocol.js';
import { seedStrategies } from './seed-strategies.js';

// A server under test, in a process of its own (forked by run-bench.ts), so the load generator and the
// server never share an event loop. It exits when its parent goes away.

const spec = JSON.parse(process.env.BENCH_SERVER ?? 'null') as ServerSpec | null;
if (!spec || !process.send) throw new Error('bench-server.ts is started by run-bench.ts (fork with BENCH_SERVER)');
const send = (message: unknown) => process.send?.(message);

process.on('disconnect', () => process.exit(0));

const FIXED_TWIML = `<?xml version="1.0" encoding="UTF-8"?><Response><Dial>${OUR_NUMBER}</Dial></Response>`;

/** The floor of this stack: express, the same form parser, a fixed answer. */
async function startBare(): Promise<{ url: string; server: Server }> {
  const app = express();
  app.disable('x-powered-by');
  app.post(INCOMING_PATH, express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }), (_req, res) => {
    res.type('text/xml').send(FIXED_TWIML);
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function usage() {
  const { user, system } = process.cpuUsage();
  return { cpuMicros: user + system };
}

function memory() {
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

async function main(s: ServerSpec): Promise<void> {
  if (s.mode === 'bare') {
    const bare = await startBare();
    const ready: ServerReady = { url: bare.url, seedMs: null, indexLoadMs: null, indexSize: null };
    send({ type: 'ready', ready });
    process.on('message', (raw) => {
      const command = raw as ServerCommand;
      if (command.cmd === 'close') bare.server.close(() => send({ id: command.id, ok: true, result: null }));
      else if (command.cmd === 'usage') send({ id: command.id, ok: true, result: usage() });
      else send({ id: command.id, ok: false, error: `bare server has no ${command.cmd}` });
    });
    return;
  }

  const database: DatabaseHandle =
    s.database.kind === 'postgres' ? await openDatabase({ kind: 'postgres', url: s.database.url, max: 10 }) : await openDatabase({ kind: 'pglite', dataDir: null });
  let seedMs: number | null = null;
  if (s.seed > 0) seedMs = (await seedStrategies(database.db, s.seed)).ms;
  const running: RunningServer = await startServer(benchConfig(s.database), { database });
  send({ type: 'ready', ready: { url: running.url, seedMs, indexLoadMs: running.deps.strategies.lastLoadMs(), indexSize: running.deps.strategies.index.size } satisfies ServerReady });

  const handle = async (command: ServerCommand): Promise<unknown> => {
    switch (command.cmd) {
      case 'createStaff': {
        const member = await createStaff(running.deps, null, {
          username: command.username,
          displayName: command.username,
          role: command.role as Role,
          password: STAFF_PASSWORD,
          phoneNumber: null,
          clientIdentity: null,
        });
        return { id: member.id };
      }
      case 'countCalls': {
        let recorded = 0;
        for (let i = 0; i < command.sids.length; i += 5_000) {
          const [row] = await running.deps.db.select({ n: count() }).from(calls).where(inArray(calls.callSid, command.sids.slice(i, i + 5_000)));
          recorded += row?.n ?? 0;
        }
        const [all] = await running.deps.db.select({ n: count() }).from(calls);
        return { acknowledged: command.sids.length, recorded, rows: all?.n ?? 0 };
      }
      case 'seed': {
        const { ms } = await seedStrategies(running.deps.db, command.count, { chunk: command.chunk ?? 100_000 });
        return { ms };
      }
      case 'loadIndex': {
        // The index's own memory: the heap after a full load, less the heap before it, both after a full GC.
        const gc = collectGarbage();
        const before = memory();
        let peakHeap = before.heapUsed;
        let peakRss = before.rss;
        const sample = () => {
          const now = memory();
          peakHeap = Math.max(peakHeap, now.heapUsed);
          peakRss = Math.max(peakRss, now.rss);
          return now;
        };
        const sampler = setInterval(sample, 20);
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        let timer: NodeJS.Timeout | undefined;
        const completed = await Promise.race([
          running.deps.strategies.reconcile().then(
            () => true,
            (err: unknown) => {
              if (timer === undefined) return false; // Given up already; the server is being closed under it.
              throw err;
            },
          ),
          new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), command.limitMs))),
        ]);
        clearTimeout(timer);
        timer = undefined;
        const ms = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        clearInterval(sampler);
        const atEnd = sample();
        if (completed) collectGarbage();
        const after = completed ? memory() : atEnd;
        const heapLimit = v8.getHeapStatistics().heap_size_limit;
        const reading: IndexLoadReading = { gc, completed, ms, cpuMs: (cpu.user + cpu.system) / 1000, lastLoadMs: running.deps.strategies.lastLoadMs(), before, after, peakHeap, peakRss, heapLimit, size: running.deps.strategies.index.size };
        return reading;
      }
      case 'usage':
        return usage();
      case 'close':
        await running.close();
        await database.close();
        return null;
    }
  };

  process.on('message', (raw) => {
    const command = raw as ServerCommand;
    handle(command).then(
      (result) => send({ id: command.id, ok: true, result }),
      (err: unknown) => send({ id: command.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });
}

main(spec).catch((err: unknown) => {
  send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  setTimeout(() => process.exit(1), 100);
});
