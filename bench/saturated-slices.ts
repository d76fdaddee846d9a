import os from 'node:os';
import { summarise } from './bench-support.js';
import { postgresCpuMs } from './postgres-cpu.js';
import type { ServerProcess } from './server-process.js';
import { saturate, type LoadResult } from './webhook-load.js';

// Saturated runs in slices, a server's slices alternating with its reference's (bare express), so both are
// measured over the same stretch of time: on a shared 2-core VM the machine's speed drifts by more than the
// margin of a ratio target from one minute to the next.

/** How much CPU a saturated run took: the server's (in cores and per call), the machine's, the database's. */
export interface SaturationCpu {
  serverCores: number;
  serverCpuMsPerCall: number;
  /** Both cores' busy share over the run. */
  machineBusy: number;
  /** PostgreSQL's processes per answered call, for a server on PostgreSQL; null otherwise. */
  databaseCpuMsPerCall: number | null;
}

export interface SliceTarget {
  server: ServerProcess;
  /** Whether its database is this machine's PostgreSQL (whose processes' CPU is then counted). */
  onPostgres: boolean;
  nextCaller: () => string;
}

interface Slice {
  result: LoadResult & { latencies: number[] };
  wallMs: number;
  serverCpuMs: number;
  machine: { idle: number; total: number };
  databaseCpuMs: number | null;
}

function machineTimes(): { idle: number; total: number } {
  return os.cpus().reduce((sum, c) => ({ idle: sum.idle + c.times.idle, total: sum.total + c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq }), { idle: 0, total: 0 });
}

async function slice(target: SliceTarget, connections: number, durationS: number): Promise<Slice> {
  const cpuBefore = await target.server.request('usage', {});
  const machineBefore = machineTimes();
  const databaseBefore = target.onPostgres ? postgresCpuMs() : null;
  const wallBefore = performance.now();
  const result = await saturate(target.server.url, { connections, durationS, nextCaller: target.nextCaller });
  const wallMs = performance.now() - wallBefore;
  const machineAfter = machineTimes();
  const serverCpuMs = ((await target.server.request('usage', {})).cpuMicros - cpuBefore.cpuMicros) / 1000;
  const databaseAfter = databaseBefore === null ? null : postgresCpuMs();
  return {
    result,
    wallMs,
    serverCpuMs,
    machine: { idle: machineAfter.idle - machineBefore.idle, total: machineAfter.total - machineBefore.total },
    databaseCpuMs: databaseBefore === null || databaseAfter === null ? null : databaseAfter - databaseBefore,
  };
}

/** One server's slices added up, as if they were one run. */
function combine(slices: readonly Slice[]): { saturated: LoadResult; cpu: SaturationCpu } {
  const sum = (pick: (s: Slice) => number) => slices.reduce((total, s) => total + pick(s), 0);
  const decisions: Record<string, number> = {};
  for (const s of slices) for (const [kind, n] of Object.entries(s.result.decisions)) decisions[kind] = (decisions[kind] ?? 0) + n;
  // Timed, not as asked: a slice's calls in flight at its end are answered after it, and slices are short.
  const durationS = sum((s) => s.wallMs) / 1000;
  const answered = sum((s) => s.result.answered);
  const machine = { idle: sum((s) => s.machine.idle), total: sum((s) => s.machine.total) };
  const database = slices.every((s) => s.databaseCpuMs !== null) ? sum((s) => s.databaseCpuMs ?? 0) : null;
  return {
    saturated: {
      durationS,
      sent: sum((s) => s.result.sent),
      answered,
      ok: sum((s) => s.result.ok),
      non200: sum((s) => s.result.non200),
      errors: sum((s) => s.result.errors),
      callsPerSecond: answered / durationS,
      latencyMs: summarise(slices.flatMap((s) => s.result.latencies)),
      decisions,
      acknowledged: slices.flatMap((s) => s.result.acknowledged),
    },
    cpu: {
      serverCores: sum((s) => s.serverCpuMs) / sum((s) => s.wallMs),
      serverCpuMsPerCall: sum((s) => s.serverCpuMs) / Math.max(1, answered),
      machineBusy: machine.total > 0 ? 1 - machine.idle / machine.total : 0,
      databaseCpuMsPerCall: database === null ? null : database / Math.max(1, answered),
    },
  };
}

export interface PairedSaturation {
  target: { saturated: LoadResult; cpu: SaturationCpu };
  reference: { saturated: LoadResult; cpu: SaturationCpu };
}

/**
 * `rounds` slices of each, durationS / rounds seconds long, in the order R T T R R T ... (so a steady drift
 * weighs on both alike): each adds up to durationS seconds of saturated load.
 */
export async function pairedSaturation(target: SliceTarget, reference: SliceTarget, options: { connections: number; durationS: number; rounds: number }): Promise<PairedSaturation> {
  const sliceS = options.durationS / options.rounds;
  const targetSlices: Slice[] = [];
  const referenceSlices: Slice[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? ([reference, target] as const) : ([target, reference] as const);
    for (const which of order) (which === target ? targetSlices : referenceSlices).push(await slice(which, options.connections, sliceS));
  }
  return { target: combine(targetSlices), reference: combine(referenceSlices) };
}
