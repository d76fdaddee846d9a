import { z } from 'zod';

// What the main thread and the PGlite worker thread (db/pglite-worker.ts) say to each other. Both ends parse
// what they receive: a message crossing threads arrives as an untyped structured clone.

/** Sent once, as the worker's `workerData`. */
export const workerSettingsSchema = z.object({ dataDir: z.string().nullable() });
export type WorkerSettings = z.infer<typeof workerSettingsSchema>;

const id = z.number().int().positive();
/** A transaction the main thread has open; statements outside one carry null. */
const tx = z.number().int().positive().nullable();

export const workerRequestSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('query'),
    id,
    tx,
    text: z.string(),
    params: z.array(z.unknown()),
    rowMode: z.enum(['array', 'object']).optional(),
    // Columns of these types come back as PostgreSQL's text: the caller's own parsers are functions, which
    // cannot cross threads, so the main thread applies them.
    rawTypes: z.array(z.number().int()),
  }),
  z.object({ op: z.literal('begin'), id, tx: z.number().int().positive() }),
  z.object({ op: z.literal('end'), id, tx: z.number().int().positive(), commit: z.boolean() }),
  z.object({ op: z.literal('listen'), id, channel: z.string() }),
  z.object({ op: z.literal('unlisten'), id, channel: z.string() }),
  // A query's result in COPY binary format, written whole and sent back as bytes (see `copied`).
  z.object({ op: z.literal('copyOut'), id, text: z.string() }),
  z.object({ op: z.literal('close'), id }),
]);
export type WorkerRequest = z.infer<typeof workerRequestSchema>;
/** A request as the main thread writes it, before it has an id. */
export type WorkerCall = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export const queryResultSchema = z.object({
  rows: z.array(z.unknown()),
  fields: z.array(z.object({ name: z.string(), dataTypeID: z.number() })),
  affectedRows: z.number().optional(),
  command: z.string().optional(),
  rowCount: z.number().optional(),
});
export type QueryResult = z.infer<typeof queryResultSchema>;

/** A PostgreSQL error's fields (SQLSTATE `code`, `detail`, `constraint`...), which a thrown Error would lose in the clone. */
export const workerErrorSchema = z.object({
  message: z.string(),
  name: z.string(),
  database: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
});
export type WorkerError = z.infer<typeof workerErrorSchema>;

export const workerReplySchema = z.union([
  z.object({ kind: z.literal('done'), id, result: queryResultSchema.nullable() }),
  // Its ArrayBuffer is transferred, not copied.
  z.object({ kind: z.literal('copied'), id, data: z.instanceof(ArrayBuffer) }),
  z.object({ kind: z.literal('failed'), id, error: workerErrorSchema }),
  z.object({ kind: z.literal('notification'), channel: z.string(), payload: z.string() }),
  z.object({ kind: z.literal('ready') }),
  z.object({ kind: z.literal('startFailed'), error: workerErrorSchema }),
]);
export type WorkerReply = z.infer<typeof workerReplySchema>;
