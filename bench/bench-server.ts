import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import express from 'express';
import { count, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { calls } from '../db/schema/index.js';
import { startServer, type RunningServer } from '../src/server.js';
import { createStaff } from '../src/staff/staff.service.js';
import { benchConfig, collectGarbage, INCOMING_PATH, OUR_NUMBER, STAFF_PASSWORD } from './bench-support.js';
import { serverCommandSchema, serverSpecSchema, type IndexLoadReading, type ServerCommand, type ServerReady, type ServerSpec } from './server-protocol.js';
import { seedStrategies } from './seed-strategies.js';

// A server under test, in a process of its own (forked by run-bench.ts), so the load generator and the
// server never share an event loop. It exits when its parent goes away.

if (!process.env.BENCH_SERVER || !process.send) throw new Error('bench-server.ts is started by run-bench.ts (fork with BENCH_SERVER)');
const spec = serverSpecSchema.parse(JSON.parse(process.env.BENCH_SERVER));
const send = (message: unknown) => process.send?.(message);
const errorText = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

/** Answers each command from run-bench.ts by its id; one that is not a command is answered as an error. */
function onCommand(handle: (command: ServerCommand) => Promise<unknown>): void {
  process.on('message', (raw) => {
    const parsed = serverCommandSchema.safeParse(raw);
    if (!parsed.success) {
      const id = z.object({ id: z.number() }).safeParse(raw);
      send({ id: id.success ? id.data.id : -1, ok: false, error: `not a command: ${z.prettifyError(parsed.error)}` });
      return;
    }
    const { id } = parsed.data;
    handle(parsed.data).then(
      (result) => send({ id, ok: true, result }),
      (err: unknown) => send({ id, ok: false, error: errorText(err) }),
    );
  });
}

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
  const { heapUsed, arrayBuffers, rss } = process.memoryUsage();
  return { heapUsed, arrayBuffers, rss };
}

async function main(s: ServerSpec): Promise<void> {
  if (s.mode === 'bare') {
    const bare = await startBare();
    const ready: ServerReady = { url: bare.url, seedMs: null, indexLoadMs: null, indexSize: null };
    send({ type: 'ready', ready });
    onCommand(async (command) => {
      if (command.cmd === 'close') return new Promise<null>((resolve) => bare.server.close(() => resolve(null)));
      if (command.cmd === 'usage') return usage();
      throw new Error(`bare server has no ${command.cmd}`);
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
          role: command.role,
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
        // The index's own memory: the heap and typed arrays after a full load, less before it, both after a full GC.
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

  onCommand(handle);
}

main(spec).catch((err: unknown) => {
  send({ type: 'failed', error: errorText(err) });
  setTimeout(() => process.exit(1), 100);
});
