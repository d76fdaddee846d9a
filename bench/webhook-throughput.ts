import os from 'node:os';
import { callerMix, round, sleep } from './bench-support.js';
import type { BenchSettings } from './bench-settings.js';
import { createBenchDatabase } from './postgres-databases.js';
import { postgresCpuMs } from './postgres-cpu.js';
import { figure, type Figure } from './report.js';
import type { CallCount, ServerSpec } from './server-protocol.js';
import { ServerProcess } from './server-process.js';
import { paced, saturate, type LoadResult } from './webhook-load.js';

// Section 1: incoming-call webhooks per second and latency, bare express against callguard on PGlite and on
// PostgreSQL, each server in its own process and the load from this one.

export interface ServerRun {
  label: string;
  seedMs: number | null;
  indexLoadMs: number | null;
  indexNumbers: number | null;
  saturated: LoadResult;
  paced: LoadResult & { latencyFromSendMs: { p50: number; p99: number }; worstLagMs: number };
  calls: (CallCount & { recordedAfterSettle: number; settleS: number }) | null;
  /**
   * While saturated: the server process's CPU (in cores), its CPU per answered call, how busy the whole machine
   * was, and for callguard on PostgreSQL what the database's processes used per call (null otherwise).
   */
  cpu: { serverCores: number; serverCpuMsPerCall: number; machineBusy: number; databaseCpuMsPerCall: number | null };
}

const SETTLE_MS = 30_000;

/** The machine's CPU times, to tell how busy both cores were over an interval. */
function machineCpu() {
  const read = () => os.cpus().reduce((sum, c) => ({ idle: sum.idle + c.times.idle, total: sum.total + c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq }), { idle: 0, total: 0 });
  const at = read();
  return {
    ...at,
    busySince(before: { idle: number; total: number }): number {
      const total = at.total - before.total;
      return total > 0 ? 1 - (at.idle - before.idle) / total : 0;
    },
  };
}

const strip = ({ acknowledged: _acknowledged, ...rest }: LoadResult) => rest;

export function serverRunForJson(run: ServerRun) {
  return { ...run, saturated: strip(run.saturated), paced: strip(run.paced) };
}

async function measure(label: string, spec: ServerSpec, settings: BenchSettings, log: (line: string) => void): Promise<ServerRun> {
  log(`${label}: starting${spec.mode === 'callguard' ? ` (seeding ${settings.numbers.toLocaleString('en-GB')} numbers under strategy)` : ''}`);
  const server = await ServerProcess.start(label, spec);
  try {
    const { ready } = server;
    if (ready.seedMs !== null) log(`${label}: seeded in ${Math.round(ready.seedMs)} ms, index loaded ${ready.indexSize?.numbers} numbers in ${ready.indexLoadMs} ms`);
    const nextCaller = callerMix(settings.numbers, settings.knownShare);
    const acknowledged: string[] = [];
    if (settings.warmupS > 0) {
      const warm = await saturate(server.url, { connections: settings.connections, durationS: settings.warmupS, nextCaller });
      append(acknowledged, warm.acknowledged);
    }
    log(`${label}: ${settings.durationS} s at ${settings.connections} connections`);
    const cpuBefore = await server.request('usage', {});
    const machineBefore = machineCpu();
    const databaseBefore = spec.mode === 'callguard' && spec.database.kind === 'postgres' ? postgresCpuMs() : null;
    const wallBefore = performance.now();
    const saturated = await saturate(server.url, { connections: settings.connections, durationS: settings.durationS, nextCaller });
    const wallMs = performance.now() - wallBefore;
    const machineBusy = machineCpu().busySince(machineBefore);
    const serverCpuMs = ((await server.request('usage', {})).cpuMicros - cpuBefore.cpuMicros) / 1000;
    const databaseAfter = databaseBefore === null ? null : postgresCpuMs();
    const databaseCpuMsPerCall = databaseBefore === null || databaseAfter === null ? null : (databaseAfter - databaseBefore) / Math.max(1, saturated.answered);
    const cpu = { serverCores: serverCpuMs / wallMs, serverCpuMsPerCall: serverCpuMs / Math.max(1, saturated.answered), machineBusy, databaseCpuMsPerCall };
    append(acknowledged, saturated.acknowledged);
    log(
      `${label}: ${Math.round(saturated.callsPerSecond)} calls/s, p50 ${round(saturated.latencyMs.p50, 2)} ms, p99 ${round(saturated.latencyMs.p99, 2)} ms; ` +
        `server process ${round(cpu.serverCores * 100, 0)}% of a core (${round(cpu.serverCpuMsPerCall, 2)} ms CPU a call), machine ${round(machineBusy * 100, 0)}% busy` +
        (databaseCpuMsPerCall === null ? '' : `; PostgreSQL ${round(databaseCpuMsPerCall, 2)} ms CPU a call`),
    );
    await sleep(1_000);
    log(`${label}: ${settings.durationS} s at a fixed ${settings.rate} calls/s`);
    const fixed = await paced(server.url, { rate: settings.rate, durationS: settings.durationS, nextCaller });
    append(acknowledged, fixed.acknowledged);
    log(`${label}: at ${settings.rate}/s p50 ${round(fixed.latencyMs.p50, 2)} ms, p99 ${round(fixed.latencyMs.p99, 2)} ms`);
    let calls: ServerRun['calls'] = null;
    if (spec.mode === 'callguard') {
      // Counted at once: an answered webhook means its row is committed, not merely queued.
      const counted = await server.request('countCalls', { sids: acknowledged });
      // If some are missing, give deferred writes time to catch up (they are still owed), and say how long.
      let recordedAfterSettle = counted.recorded;
      const settleStarted = performance.now();
      while (recordedAfterSettle < counted.acknowledged && performance.now() - settleStarted < SETTLE_MS) {
        await sleep(2_000);
        recordedAfterSettle = (await server.request('countCalls', { sids: acknowledged })).recorded;
      }
      const settleS = round((performance.now() - settleStarted) / 1000, 0);
      calls = { ...counted, recordedAfterSettle, settleS };
      log(`${label}: ${counted.recorded} of ${counted.acknowledged} acknowledged calls in the calls table at once (${recordedAfterSettle} after ${settleS} s)`);
    }
    return {
      label,
      seedMs: ready.seedMs,
      indexLoadMs: ready.indexLoadMs,
      indexNumbers: ready.indexSize?.numbers ?? null,
      saturated,
      paced: fixed,
      calls,
      cpu,
    };
  } finally {
    await server.stop();
  }
}

const cpuNote = (run: ServerRun) =>
  `server process at ${round(run.cpu.serverCores * 100, 0)}% of a core, ${round(run.cpu.serverCpuMsPerCall, 2)} ms CPU a call; both cores ${round(run.cpu.machineBusy * 100, 0)}% busy` +
  (run.cpu.databaseCpuMsPerCall === null ? '' : `; PostgreSQL's processes ${round(run.cpu.databaseCpuMsPerCall, 2)} ms CPU a call`);

export interface ThroughputResult {
  figures: Figure[];
  runs: ServerRun[];
  errors: unknown[];
}

export async function webhookThroughput(settings: BenchSettings, log: (line: string) => void): Promise<ThroughputResult> {
  const section = `1. Incoming-call webhooks (${settings.connections} connections for ${settings.durationS} s; then a fixed ${settings.rate}/s; ${Math.round(settings.knownShare * 100)}% of callers under strategy)`;
  const figures: Figure[] = [];
  const runs: ServerRun[] = [];
  const errors: unknown[] = [];

  const bare = await measure('bare express', { mode: 'bare' }, settings, log);
  runs.push(bare);
  figures.push(
    figure(section, 'bare express: calls/s', bare.saturated.callsPerSecond, '/s'),
    figure(section, 'bare express: p50 / p99 saturated', bare.saturated.latencyMs.p50, 'ms', undefined, `p99 ${round(bare.saturated.latencyMs.p99, 2)} ms; ${cpuNote(bare)}`),
    figure(section, `bare express: p99 at ${settings.rate}/s`, bare.paced.latencyMs.p99, 'ms'),
  );

  const targets: Array<{ label: string; spec: () => Promise<{ spec: ServerSpec; drop: () => Promise<void> }> }> = [
    { label: 'callguard on PGlite', spec: async () => ({ spec: { mode: 'callguard', database: { kind: 'pglite' }, seed: settings.numbers }, drop: async () => {} }) },
    {
      label: 'callguard on PostgreSQL',
      spec: async () => {
        const db = await createBenchDatabase('webhooks');
        return { spec: { mode: 'callguard', database: { kind: 'postgres', url: db.url }, seed: settings.numbers }, drop: db.drop };
      },
    },
  ];
  for (const target of targets) {
    const { label } = target;
    try {
      const { spec, drop } = await target.spec();
      try {
        const run = await measure(label, spec, settings, log);
        runs.push(run);
        const ratio = run.saturated.callsPerSecond / bare.saturated.callsPerSecond;
        const calls = run.calls;
        figures.push(
          figure(section, `${label}: calls/s`, run.saturated.callsPerSecond, '/s', undefined, `index ${run.indexNumbers?.toLocaleString('en-GB')} numbers, loaded in ${run.indexLoadMs} ms; decisions ${JSON.stringify(run.saturated.decisions)}`),
          figure(section, `${label}: ratio to bare express`, round(ratio, 2), '', { atLeast: 0.6 }),
          figure(section, `${label}: p50 / p99 saturated`, run.saturated.latencyMs.p50, 'ms', undefined, `p99 ${round(run.saturated.latencyMs.p99, 2)} ms; ${cpuNote(run)}`),
          figure(
            section,
            `${label}: p99 at ${settings.rate}/s`,
            run.paced.latencyMs.p99,
            'ms',
            { below: 20 },
            `p50 ${round(run.paced.latencyMs.p50, 2)} ms; ${run.paced.ok} of ${run.paced.sent} answered 200; generator lag worst ${round(run.paced.worstLagMs, 1)} ms`,
          ),
          figure(
            section,
            `${label}: acknowledged calls not in the table`,
            calls ? calls.acknowledged - calls.recorded : null,
            '',
            { equals: 0 },
            calls
              ? `${calls.recorded.toLocaleString('en-GB')} of ${calls.acknowledged.toLocaleString('en-GB')} acknowledged calls found at once, ${calls.recordedAfterSettle.toLocaleString('en-GB')} after ${calls.settleS} s; ${calls.rows.toLocaleString('en-GB')} rows in all`
              : undefined,
          ),
        );
      } finally {
        await drop();
      }
    } catch (err) {
      errors.push(err);
      figures.push({ section, name: `${label}: failed`, value: null, unit: '', target: null, verdict: 'ERROR', note: err instanceof Error ? err.message.split('\n')[0] : String(err) });
    }
  }
  return { figures, runs, errors };
}

/** push(...items) puts every item on the stack: a fast server answers more calls in 10 s than it holds. */
function append<T>(list: T[], items: readonly T[]): void {
  for (const item of items) list.push(item);
}
