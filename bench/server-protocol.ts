// What run-bench.ts and a forked bench-server.ts say to each other over the IPC channel.

export type ServerSpec =
  | { mode: 'bare' }
  | { mode: 'callguard'; database: { kind: 'pglite' } | { kind: 'postgres'; url: string }; seed: number };

export interface ServerReady {
  url: string;
  seedMs: number | null;
  indexLoadMs: number | null;
  indexSize: { customers: number; numbers: number; staff: number } | null;
}

export interface MemoryReading {
  heapUsed: number;
  rss: number;
}

export interface IndexLoadReading {
  gc: boolean;
  /** False when the load was still running at the time limit (the figures are then as of that moment). */
  completed: boolean;
  ms: number;
  /** CPU time of the server process over the load (less sensitive than `ms` to other work on the machine). */
  cpuMs: number;
  lastLoadMs: number | null;
  before: MemoryReading;
  /** After the load and a full GC; at the time limit if it did not complete (no GC then). */
  after: MemoryReading;
  peakHeap: number;
  peakRss: number;
  heapLimit: number;
  size: { customers: number; numbers: number; staff: number };
}

export interface CallCount {
  acknowledged: number;
  recorded: number;
  rows: number;
}

export type ServerCommand = { id: number } & (
  | { cmd: 'createStaff'; role: string; username: string }
  | { cmd: 'countCalls'; sids: string[] }
  | { cmd: 'seed'; count: number; chunk?: number }
  | { cmd: 'loadIndex'; limitMs: number }
  | { cmd: 'usage' }
  | { cmd: 'close' }
);

/** What each command answers. */
export interface CommandResults {
  createStaff: { id: string };
  countCalls: CallCount;
  seed: { ms: number };
  loadIndex: IndexLoadReading;
  /** The server process's CPU time so far (user + system, microseconds). */
  usage: { cpuMicros: number };
  close: null;
}
