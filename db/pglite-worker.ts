import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, protocol, type ParserOptions, type QueryOptions, type Transaction } from '@electric-sql/pglite';
import { preparingStatements } from './pglite-prepared.js';
import { workerRequestSchema, workerSettingsSchema, type QueryResult, type WorkerError, type WorkerReply, type WorkerRequest } from './pglite-worker.protocol.js';

// The embedded database on a thread of its own (started by db/pglite-thread.ts): PostgreSQL compiled to
// WebAssembly runs each statement synchronously, so on the main thread every statement stalled the webhooks.

if (!parentPort) throw new Error('db/pglite-worker.ts runs as a worker thread (db/pglite-thread.ts starts it)');
const port = parentPort;
const send = (reply: WorkerReply) => port.postMessage(reply);

/** A transaction the main thread has open: its statements, in order, until it ends. */
class OpenTransaction {
  private readonly queue: WorkerRequest[] = [];
  private wake: (() => void) | null = null;

  push(request: WorkerRequest): void {
    this.queue.push(request);
    this.wake?.();
  }

  async next(): Promise<WorkerRequest> {
    while (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    return this.queue.shift()!;
  }
}

function errorOf(err: unknown): WorkerError {
  if (!(err instanceof Error)) return { message: String(err), name: 'Error', database: null };
  if (!(err instanceof protocol.messages.DatabaseError)) return { message: err.message, name: err.name, database: null };
  const database: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(err)) if (typeof value === 'string' || typeof value === 'number') database[key] = value;
  return { message: err.message, name: err.name, database };
}

const rawText = (value: string) => value;

async function runQuery(on: Pick<Transaction, 'query'>, request: Extract<WorkerRequest, { op: 'query' }>): Promise<QueryResult> {
  const parsers: ParserOptions = {};
  for (const type of request.rawTypes) parsers[type] = rawText;
  const options: QueryOptions = { parsers, ...(request.rowMode ? { rowMode: request.rowMode } : {}) };
  const { rows, fields, affectedRows, command, rowCount } = await on.query(request.text, request.params, options);
  // Only what PGlite reported, so an answer compares equal to PGlite's own.
  return { rows, fields, ...(affectedRows === undefined ? {} : { affectedRows }), ...(command === undefined ? {} : { command }), ...(rowCount === undefined ? {} : { rowCount }) };
}

async function main(): Promise<void> {
  const settings = workerSettingsSchema.parse(workerData);
  let plain: PGlite;
  let client: PGlite;
  try {
    plain = await PGlite.create(settings.dataDir ?? undefined);
    client = preparingStatements(plain);
  } catch (err) {
    return send({ kind: 'startFailed', error: errorOf(err) });
  }
  const transactions = new Map<number, OpenTransaction>();
  const listening = new Map<string, () => Promise<void>>();

  const answer = (id: number, work: Promise<QueryResult | null>) =>
    work.then(
      (result) => send({ kind: 'done', id, result }),
      (err: unknown) => send({ kind: 'failed', id, error: errorOf(err) }),
    );

  // Runs a transaction's statements as they arrive. PGlite holds its lock for the whole transaction, so
  // statements from outside it wait, as they would on a PostgreSQL connection of their own.
  const transact = (begin: Extract<WorkerRequest, { op: 'begin' }>) => {
    const open = new OpenTransaction();
    transactions.set(begin.tx, open);
    let endId = 0;
    const finished = client.transaction(async (tx) => {
      send({ kind: 'done', id: begin.id, result: null });
      for (;;) {
        const request = await open.next();
        if (request.op === 'query') await answer(request.id, runQuery(tx, request));
        else if (request.op === 'end') {
          endId = request.id;
          if (!request.commit) await tx.rollback();
          return;
        }
      }
    });
    finished
      .then(
        () => (endId ? send({ kind: 'done', id: endId, result: null }) : undefined),
        (err: unknown) => send({ kind: 'failed', id: endId || begin.id, error: errorOf(err) }),
      )
      .finally(() => transactions.delete(begin.tx));
  };

  // PGlite's own `query` (not the preparing one) knows /dev/blob: it collects what COPY writes there. Like
  // the preparing one, it waits for any transaction the main thread has open, so it never reads inside one.
  const copyOut = async (id: number, text: string) => {
    try {
      const result = await plain.query(`copy (${text}) to '/dev/blob' with (format binary)`);
      const data = await (result.blob ?? new Blob([])).arrayBuffer();
      port.postMessage({ kind: 'copied', id, data } satisfies WorkerReply, [data]);
    } catch (err) {
      send({ kind: 'failed', id, error: errorOf(err) });
    }
  };

  port.on('message', (raw: unknown) => {
    const request = workerRequestSchema.parse(raw);
    const inTransaction = 'tx' in request && request.tx !== null ? transactions.get(request.tx) : undefined;
    if (inTransaction) return inTransaction.push(request);
    switch (request.op) {
      case 'query':
        if (request.tx !== null) return send({ kind: 'failed', id: request.id, error: { message: 'the transaction has ended', name: 'Error', database: null } });
        return void answer(request.id, runQuery(client, request));
      case 'begin':
        return transact(request);
      case 'end':
        return send({ kind: 'failed', id: request.id, error: { message: 'no such transaction', name: 'Error', database: null } });
      case 'listen':
        return void answer(
          request.id,
          (async () => {
            if (!listening.has(request.channel)) listening.set(request.channel, await client.listen(request.channel, (payload) => send({ kind: 'notification', channel: request.channel, payload })));
            return null;
          })(),
        );
      case 'unlisten':
        return void answer(
          request.id,
          (async () => {
            const stop = listening.get(request.channel);
            listening.delete(request.channel);
            await stop?.();
            return null;
          })(),
        );
      case 'copyOut':
        return void copyOut(request.id, request.text);
      case 'close':
        // The main thread ends this thread once told the database is closed.
        return void answer(request.id, client.close().then(() => null));
    }
  });
  send({ kind: 'ready' });
}

await main();
