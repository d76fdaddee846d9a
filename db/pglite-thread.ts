import { Worker } from 'node:worker_threads';
import { protocol, type QueryOptions, type Results } from '@electric-sql/pglite';
import { workerReplySchema, type QueryResult, type WorkerCall, type WorkerError, type WorkerReply } from './pglite-worker.protocol.js';

// The embedded database runs in db/pglite-worker.ts on a thread of its own, so its statements use the other
// core and never stall the event loop that answers webhooks. This side offers what drizzle's PGlite driver
// calls (`query` and `transaction`), LISTEN, and close.

/** What drizzle runs statements on: the database, or a transaction open on it. */
export interface PgliteQueryable {
  query(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<unknown>>;
}

export interface PgliteThread extends PgliteQueryable {
  transaction<T>(run: (tx: PgliteQueryable & { rollback(): Promise<void> }) => Promise<T>): Promise<T>;
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** A query's result in COPY binary format, written whole on the thread, then handed to `onChunk` in slices. */
  copyOut(query: string, onChunk: (chunk: Buffer) => void): Promise<void>;
  close(): Promise<void>;
}

const workerUrl = new URL(`./pglite-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
// Run from TypeScript sources (tsx, vitest), the worker needs tsx's loader too: workers do not inherit it.
const bootstrap = workerUrl.endsWith('.ts')
  ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); })`
  : `import(${JSON.stringify(workerUrl)})`;

function toError(error: WorkerError): Error {
  if (!error.database) return Object.assign(new Error(error.message), { name: error.name });
  // The driver's own error type, with SQLSTATE `code` and the rest, as PGlite would have thrown it.
  const err = new protocol.messages.DatabaseError(error.message, 0, 'error');
  return Object.assign(err, error.database);
}

type Answer = Extract<WorkerReply, { kind: 'done' | 'copied' }>;
type Pending = { resolve(answer: Answer): void; reject(err: Error): void };
// A COPY's data goes to its reader this much at a time, with the event loop let run in between, so a
// reconcile's load never holds up the webhooks for the whole of its parse.
const COPY_SLICE = 256 * 1024;

/** Starts PGlite (in memory, or on `dataDir`) on its own thread, and resolves once it is open. */
export async function startPgliteThread(dataDir: string | null): Promise<PgliteThread> {
  const worker = new Worker(bootstrap, { eval: true, workerData: { dataDir } });
  const pending = new Map<number, Pending>();
  const channels = new Map<string, { listeners: Set<(payload: string) => void>; listening: Promise<unknown> }>();
  let nextId = 1;
  let nextTx = 1;
  let stopped: Error | null = null;

  const stop = (err: Error) => {
    stopped ??= err;
    for (const waiting of pending.values()) waiting.reject(stopped);
    pending.clear();
  };
  const started = new Promise<void>((resolve, reject) => {
    worker.on('message', (raw: unknown) => {
      const parsed = workerReplySchema.safeParse(raw);
      if (!parsed.success) {
        // Nothing the thread says can be trusted after that: fail everything waiting, and end it.
        const err = new Error(`the PGlite thread sent an unreadable message: ${parsed.error.message}`);
        stop(err);
        reject(err);
        void worker.terminate();
        return;
      }
      const reply = parsed.data;
      if (reply.kind === 'ready') return resolve();
      if (reply.kind === 'startFailed') return reject(toError(reply.error));
      if (reply.kind === 'notification') return channels.get(reply.channel)?.listeners.forEach((listener) => listener(reply.payload));
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.kind === 'failed') waiting?.reject(toError(reply.error));
      else waiting?.resolve(reply);
    });
    worker.on('error', (err) => (stop(err), reject(err)));
    worker.on('exit', (code) => {
      const err = new Error(`the PGlite thread stopped (exit code ${code})`);
      stop(err);
      reject(err);
    });
  });
  await started;

  const call = (request: WorkerCall): Promise<Answer> =>
    new Promise((resolve, reject) => {
      if (stopped) return reject(stopped);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });

  const query = async (tx: number | null, text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<unknown>> => {
    if (options?.blob || options?.serializers || options?.paramTypes || options?.onNotice) throw new Error('the PGlite thread does not take blob, serializers, paramTypes or onNotice');
    const parsers = options?.parsers ?? {};
    const rawTypes = Object.keys(parsers).map(Number);
    const answer = await call({ op: 'query', tx, text, params, rowMode: options?.rowMode, rawTypes });
    const result = answer.kind === 'done' ? answer.result : null;
    if (!result) throw new Error('a statement answered without a result');
    applyParsers(result, parsers, options?.rowMode ?? 'object');
    return result;
  };

  return {
    query: (text, params, options) => query(null, text, params, options),
    async transaction(run) {
      const tx = nextTx++;
      await call({ op: 'begin', tx });
      let ended = false;
      const handle = {
        query: (text: string, params?: unknown[], options?: QueryOptions) => query(tx, text, params, options),
        rollback: async () => {
          ended = true;
          await call({ op: 'end', tx, commit: false });
        },
      };
      try {
        const result = await run(handle);
        if (!ended) await call({ op: 'end', tx, commit: true });
        return result;
      } catch (err) {
        if (!ended) await call({ op: 'end', tx, commit: false }).catch(() => {});
        throw err;
      }
    },
    async listen(channel, onPayload) {
      let subscription = channels.get(channel);
      if (!subscription) {
        // Kept with its LISTEN, so a second caller waits for the same one, and a failed one is forgotten.
        const listening = call({ op: 'listen', channel });
        subscription = { listeners: new Set(), listening };
        channels.set(channel, subscription);
        listening.catch(() => channels.get(channel) === subscription && channels.delete(channel));
      }
      await subscription.listening;
      const { listeners } = subscription;
      listeners.add(onPayload);
      return async () => {
        listeners.delete(onPayload);
        if (listeners.size > 0 || channels.get(channel) !== subscription) return;
        channels.delete(channel);
        await call({ op: 'unlisten', channel });
      };
    },
    async copyOut(text, onChunk) {
      const answer = await call({ op: 'copyOut', text });
      if (answer.kind !== 'copied') throw new Error('a COPY answered without its data');
      const data = Buffer.from(answer.data);
      for (let at = 0; at < data.length; at += COPY_SLICE) {
        if (at > 0) await new Promise((resolve) => setImmediate(resolve));
        onChunk(data.subarray(at, at + COPY_SLICE));
      }
    },
    async close() {
      if (stopped) return;
      try {
        await call({ op: 'close' });
      } finally {
        stop(new Error('PGlite is closed'));
        await worker.terminate();
      }
    },
  };
}

/** Runs the caller's parsers on the columns the worker left as text. */
function applyParsers(result: QueryResult, parsers: NonNullable<QueryOptions['parsers']>, rowMode: 'array' | 'object'): void {
  const columns = result.fields.flatMap((field, index) => {
    const parse = parsers[field.dataTypeID];
    return parse ? [{ key: rowMode === 'array' ? index : field.name, parse }] : [];
  });
  if (columns.length === 0) return;
  for (const row of result.rows) {
    if (typeof row !== 'object' || row === null) continue;
    for (const { key, parse } of columns) {
      const value: unknown = Reflect.get(row, key);
      if (typeof value === 'string') Reflect.set(row, key, parse(value));
    }
  }
}
