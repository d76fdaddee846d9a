import { callerMix, round, sleep } from './bench-support.js';
import type { BenchSettings } from './bench-settings.js';
import { createBenchDatabase } from './postgres-databases.js';
import { figure, type Figure } from './report.js';
import { pairedSaturation, type SaturationCpu, type SliceTarget } from './saturated-slices.js';
import type { CallCount, ServerSpec } from './server-protocol.js';
import { ServerProcess } from './server-process.js';
import { paced, saturate, type LoadResult } from './webhook-load.js';

// Section 1: incoming-call webhooks per second and latency, bare express against callguard on PGlite and on
// PostgreSQL, each server in its own process and the load from this one. Bare express runs throughout, and each
// callguard server's saturated run alternates with its, slice by slice, so each ratio compares like times.

export interface ServerRun {
  label: string;
  seedMs: number | null;
  indexLoadMs: number | null;
  indexNumbers: number | null;
  /** Over slices alternating with bare express's (see saturated-slices.ts). */
  saturated: LoadResult;
  /** While saturated: the server process's CPU, how busy the whole machine was, and PostgreSQL's CPU (callguard on it). */
  cpu: SaturationCpu;
  /** Bare express in the slices alternating with this server's: what its ratio is taken against. */
  reference: { saturated: LoadResult; cpu: SaturationCpu };
  paced: LoadResult & { latencyFromSendMs: { p50: number; p99: number }; worstLagMs: number };
  calls: CallCount & { recordedAfterSettle: number; settleS: number };
}

const SETTLE_MS = 30_000;
// Slices a side in each saturated run: enough to even out the machine's drift, long enough to fill the pipes.
const ROUNDS = 5;

const strip = ({ acknowledged: _acknowledged, ...rest }: LoadResult) => rest;

export function serverRunForJson(run: ServerRun) {
  return { ...run, saturated: strip(run.saturated), paced: strip(run.paced), reference: { ...run.reference, saturated: strip(run.reference.saturated) } };
}

const cpuNote = (cpu: SaturationCpu) =>
  `server process at ${round(cpu.serverCores * 100, 0)}% of a core, ${round(cpu.serverCpuMsPerCall, 2)} ms CPU a call; both cores ${round(cpu.machineBusy * 100, 0)}% busy` +
  (cpu.databaseCpuMsPerCall === null ? '' : `; PostgreSQL's processes ${round(cpu.databaseCpuMsPerCall, 2)} ms CPU a call`);

const describe = (label: string, saturated: LoadResult, cpu: SaturationCpu) =>
  `${label}: ${Math.round(saturated.callsPerSecond)} calls/s, p50 ${round(saturated.latencyMs.p50, 2)} ms, p99 ${round(saturated.latencyMs.p99, 2)} ms; ${cpuNote(cpu)}`;

async function warmUp(target: SliceTarget, settings: BenchSettings, acknowledged: string[]): Promise<void> {
  if (settings.warmupS <= 0) return;
  append(acknowledged, (await saturate(target.server.url, { connections: settings.connections, durationS: settings.warmupS, nextCaller: target.nextCaller })).acknowledged);
}

async function pacedRun(label: string, target: SliceTarget, settings: BenchSettings, log: (line: string) => void): Promise<ServerRun['paced']> {
  log(`${label}: ${settings.durationS} s at a fixed ${settings.rate} calls/s`);
  const fixed = await paced(target.server.url, { rate: settings.rate, durationS: settings.durationS, nextCaller: target.nextCaller });
  log(`${label}: at ${settings.rate}/s p50 ${round(fixed.latencyMs.p50, 2)} ms, p99 ${round(fixed.latencyMs.p99, 2)} ms`);
  return fixed;
}

/** Counted at once: an answered webhook means its row is committed, not merely queued. */
async function countCalls(label: string, server: ServerProcess, acknowledged: string[], log: (line: string) => void): Promise<ServerRun['calls']> {
  const counted = await server.request('countCalls', { sids: acknowledged });
  // If some are missing, give deferred writes time to catch up (they are still owed), and say how long.
  let recordedAfterSettle = counted.recorded;
  const settleStarted = performance.now();
  while (recordedAfterSettle < counted.acknowledged && performance.now() - settleStarted < SETTLE_MS) {
    await sleep(2_000);
    recordedAfterSettle = (await server.request('countCalls', { sids: acknowledged })).recorded;
  }
  const settleS = round((performance.now() - settleStarted) / 1000, 0);
  log(`${label}: ${counted.recorded} of ${counted.acknowledged} acknowledged calls in the calls table at once (${recordedAfterSettle} after ${settleS} s)`);
  return { ...counted, recordedAfterSettle, settleS };
}

/** A callguard server saturated in slices alternating with bare express's, then paced, then its calls counted. */
async function measure(label: string, spec: ServerSpec & { mode: 'callguard' }, bare: SliceTarget, settings: BenchSettings, log: (line: string) => void): Promise<ServerRun> {
  log(`${label}: starting (seeding ${settings.numbers.toLocaleString('en-GB')} numbers under strategy)`);
  const server = await ServerProcess.start(label, spec);
  try {
    const { ready } = server;
    if (ready.seedMs !== null) log(`${label}: seeded in ${Math.round(ready.seedMs)} ms, index loaded ${ready.indexSize?.numbers} numbers in ${ready.indexLoadMs} ms`);
    const target: SliceTarget = { server, onPostgres: spec.database.kind === 'postgres', nextCaller: callerMix(settings.numbers, settings.knownShare) };
    const acknowledged: string[] = [];
    await warmUp(target, settings, acknowledged);
    log(`${label}: ${settings.durationS} s at ${settings.connections} connections, in ${ROUNDS} slices alternating with bare express's`);
    const paired = await pairedSaturation(target, bare, { connections: settings.connections, durationS: settings.durationS, rounds: ROUNDS });
    append(acknowledged, paired.target.saturated.acknowledged);
    log(describe(`bare express beside ${label}`, paired.reference.saturated, paired.reference.cpu));
    log(describe(label, paired.target.saturated, paired.target.cpu));
    await sleep(1_000);
    const fixed = await pacedRun(label, target, settings, log);
    append(acknowledged, fixed.acknowledged);
    return {
      label,
      seedMs: ready.seedMs,
      indexLoadMs: ready.indexLoadMs,
      indexNumbers: ready.indexSize?.numbers ?? null,
      saturated: paired.target.saturated,
      cpu: paired.target.cpu,
      reference: paired.reference,
      paced: fixed,
      calls: await countCalls(label, server, acknowledged, log),
    };
  } finally {
    await server.stop();
  }
}

export interface ThroughputResult {
  figures: Figure[];
  /** Bare express at the fixed rate (its saturated figures are in each run's reference). */
  barePaced: ServerRun['paced'];
  runs: ServerRun[];
  errors: unknown[];
}

export function throughputForJson(result: ThroughputResult) {
  return { barePaced: strip(result.barePaced), runs: result.runs.map(serverRunForJson) };
}

export async function webhookThroughput(settings: BenchSettings, log: (line: string) => void): Promise<ThroughputResult> {
  const section = `1. Incoming-call webhooks (${settings.connections} connections for ${settings.durationS} s, in slices alternating with bare express; then a fixed ${settings.rate}/s; ${Math.round(settings.knownShare * 100)}% of callers under strategy)`;
  const figures: Figure[] = [];
  const runs: ServerRun[] = [];
  const errors: unknown[] = [];

  log('bare express: starting');
  const bareServer = await ServerProcess.start('bare express', { mode: 'bare' });
  try {
    const bare: SliceTarget = { server: bareServer, onPostgres: false, nextCaller: callerMix(settings.numbers, settings.knownShare) };
    await warmUp(bare, settings, []);
    const barePaced = await pacedRun('bare express', bare, settings, log);
    figures.push(figure(section, `bare express: p99 at ${settings.rate}/s`, barePaced.latencyMs.p99, 'ms'));

    const targets: Array<{ label: string; spec: () => Promise<{ spec: ServerSpec & { mode: 'callguard' }; drop: () => Promise<void> }> }> = [
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
          const run = await measure(label, spec, bare, settings, log);
          runs.push(run);
          figures.push(...runFigures(section, run, settings));
        } finally {
          await drop();
        }
      } catch (err) {
        errors.push(err);
        figures.push({ section, name: `${label}: failed`, value: null, unit: '', target: null, verdict: 'ERROR', note: err instanceof Error ? err.message.split('\n')[0] : String(err) });
      }
    }
    return { figures, barePaced, runs, errors };
  } finally {
    await bareServer.stop();
  }
}

function runFigures(section: string, run: ServerRun, settings: BenchSettings): Figure[] {
  const { label, calls, reference } = run;
  const ratio = run.saturated.callsPerSecond / reference.saturated.callsPerSecond;
  return [
    figure(section, `bare express beside ${label}: calls/s`, reference.saturated.callsPerSecond, '/s', undefined, `p50 ${round(reference.saturated.latencyMs.p50, 2)} ms, p99 ${round(reference.saturated.latencyMs.p99, 2)} ms; ${cpuNote(reference.cpu)}`),
    figure(section, `${label}: calls/s`, run.saturated.callsPerSecond, '/s', undefined, `index ${run.indexNumbers?.toLocaleString('en-GB')} numbers, loaded in ${run.indexLoadMs} ms; decisions ${JSON.stringify(run.saturated.decisions)}`),
    figure(section, `${label}: ratio to bare express`, round(ratio, 2), '', { atLeast: 0.6 }, 'against bare express in the slices alternating with it'),
    figure(section, `${label}: p50 / p99 saturated`, run.saturated.latencyMs.p50, 'ms', undefined, `p99 ${round(run.saturated.latencyMs.p99, 2)} ms; ${cpuNote(run.cpu)}`),
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
      calls.acknowledged - calls.recorded,
      '',
      { equals: 0 },
      `${calls.recorded.toLocaleString('en-GB')} of ${calls.acknowledged.toLocaleString('en-GB')} acknowledged calls found at once, ${calls.recordedAfterSettle.toLocaleString('en-GB')} after ${calls.settleS} s; ${calls.rows.toLocaleString('en-GB')} rows in all`,
    ),
  ];
}

/** push(...items) puts every item on the stack: a fast server answers more calls in 10 s than it holds. */
function append<T>(list: T[], items: readonly T[]): void {
  for (const item of items) list.push(item);
}
