import { z } from 'zod';
import { ROLES } from '../src/core/roles.js';

// What run-bench.ts and a forked bench-server.ts say to each other over the IPC channel. A message is whatever
// the other process sent, so each side checks what it receives against these schemas; the types come from them.

const indexSize = z.object({ customers: z.number(), numbers: z.number(), staff: z.number() });

export const serverSpecSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('bare') }),
  z.object({
    mode: z.literal('callguard'),
    database: z.discriminatedUnion('kind', [z.object({ kind: z.literal('pglite') }), z.object({ kind: z.literal('postgres'), url: z.string() })]),
    seed: z.number(),
  }),
]);
export type ServerSpec = z.infer<typeof serverSpecSchema>;

export const serverReadySchema = z.object({
  url: z.string(),
  seedMs: z.number().nullable(),
  indexLoadMs: z.number().nullable(),
  indexSize: indexSize.nullable(),
});
export type ServerReady = z.infer<typeof serverReadySchema>;

// arrayBuffers: typed arrays live outside the V8 heap; the strategy index keeps its tables in them.
const memoryReading = z.object({ heapUsed: z.number(), arrayBuffers: z.number(), rss: z.number() });
export type MemoryReading = z.infer<typeof memoryReading>;

const indexLoadReading = z.object({
  gc: z.boolean(),
  /** False when the load was still running at the time limit (the figures are then as of that moment). */
  completed: z.boolean(),
  ms: z.number(),
  /** CPU time of the server process over the load (less sensitive than `ms` to other work on the machine). */
  cpuMs: z.number(),
  lastLoadMs: z.number().nullable(),
  before: memoryReading,
  /** After the load and a full GC; at the time limit if it did not complete (no GC then). */
  after: memoryReading,
  peakHeap: z.number(),
  peakRss: z.number(),
  heapLimit: z.number(),
  size: indexSize,
});
export type IndexLoadReading = z.infer<typeof indexLoadReading>;

const callCount = z.object({ acknowledged: z.number(), recorded: z.number(), rows: z.number() });
export type CallCount = z.infer<typeof callCount>;

const id = z.number();
export const serverCommandSchema = z.discriminatedUnion('cmd', [
  z.object({ id, cmd: z.literal('createStaff'), role: z.enum(ROLES), username: z.string() }),
  z.object({ id, cmd: z.literal('countCalls'), sids: z.array(z.string()) }),
  z.object({ id, cmd: z.literal('seed'), count: z.number(), chunk: z.number().optional() }),
  z.object({ id, cmd: z.literal('loadIndex'), limitMs: z.number() }),
  z.object({ id, cmd: z.literal('usage') }),
  z.object({ id, cmd: z.literal('close') }),
]);
export type ServerCommand = z.infer<typeof serverCommandSchema>;

/** What each command answers. */
const commandResults = {
  createStaff: z.object({ id: z.string() }),
  countCalls: callCount,
  seed: z.object({ ms: z.number() }),
  loadIndex: indexLoadReading,
  /** The server process's CPU time so far (user + system, microseconds). */
  usage: z.object({ cpuMicros: z.number() }),
  close: z.null(),
} satisfies Record<ServerCommand['cmd'], z.ZodType>;
export type CommandResults = { [K in keyof typeof commandResults]: z.infer<(typeof commandResults)[K]> };
/** The same, typed by command, so what one of them accepts is that command's result. */
export const commandResultSchemas: { [K in keyof CommandResults]: z.ZodType<CommandResults[K]> } = commandResults;

/** The server's answer to a command, by its id; the result is checked against commandResultSchemas by the asker. */
export const replySchema = z.discriminatedUnion('ok', [
  z.object({ id, ok: z.literal(true), result: z.unknown() }),
  z.object({ id, ok: z.literal(false), error: z.string() }),
]);
export type Reply = z.infer<typeof replySchema>;

/** What the server sends once, before any reply: it listens, or it could not start. */
export const startupSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), ready: serverReadySchema }),
  z.object({ type: z.literal('failed'), error: z.string() }),
]);
export type Startup = z.infer<typeof startupSchema>;
