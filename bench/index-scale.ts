import { mib, round } from './bench-support.js';
import { createBenchDatabase } from './postgres-databases.js';
import { figure, type Figure } from './report.js';
import type { IndexLoadReading, ServerSpec } from './server-protocol.js';
import { ServerProcess } from './server-process.js';

// Section 4: the strategy index with a million numbers under strategy. A callguard process starts on an empty
// database, the numbers are seeded set-based, then a full reload of the index (what the periodic reconcile
// does) is timed, with the heap measured after a full GC before and after it. On PostgreSQL a new process then
// starts on the seeded database, and its start-up load (the index is loaded at start) is the load time figure.
// PGlite runs in memory, so its seed does not outlive the process: its figure is the reload.

export interface ScaleRun {
  label: string;
  numbers: number;
  seedMs: number;
  load: IndexLoadReading;
  /** The start-up load of a new process on the seeded database; null on PGlite. */
  startLoadMs: number | null;
}

type ScaleSettings = { scaleNumbers: number; scalePglite: boolean; scaleLimitS: number; scaleHeapMiB: number };

async function measure(label: string, spec: ServerSpec, settings: ScaleSettings, log: (line: string) => void): Promise<ScaleRun> {
  const numbers = settings.scaleNumbers;
  const limitMs = settings.scaleLimitS * 1000;
  const server = await ServerProcess.start(label, spec, { heapMiB: settings.scaleHeapMiB });
  let seedMs: number;
  let load: IndexLoadReading;
  try {
    log(`${label}: seeding ${numbers.toLocaleString('en-GB')} numbers under strategy`);
    seedMs = (await server.request('seed', { count: numbers, chunk: 100_000 }, 60 * 60_000)).ms;
    log(`${label}: seeded in ${Math.round(seedMs / 1000)} s; reloading the index (giving up after ${settings.scaleLimitS} s)`);
    load = await server.request('loadIndex', { limitMs }, limitMs + 5 * 60_000);
    log(
      `${label}: index of ${load.size.numbers} numbers ${load.completed ? 'reloaded' : 'NOT reloaded'} in ${Math.round(load.ms)} ms (${Math.round(load.cpuMs)} ms CPU); ` +
        `heap +${mib(load.after.heapUsed - load.before.heapUsed)} MiB, peak ${mib(load.peakHeap)} MiB`,
    );
  } finally {
    await server.stop();
  }
  if (spec.mode !== 'callguard' || spec.database.kind !== 'postgres' || !load.completed) return { label, numbers, seedMs, load, startLoadMs: null };
  log(`${label}: starting a new server on the seeded database (it loads the index at start)`);
  const started = await ServerProcess.start(`${label} (start-up load)`, spec, { heapMiB: settings.scaleHeapMiB, timeoutMs: limitMs + 5 * 60_000 });
  try {
    const startLoadMs = started.ready.indexLoadMs;
    log(`${label}: index loaded at start in ${startLoadMs === null ? '?' : Math.round(startLoadMs)} ms`);
    return { label, numbers, seedMs, load, startLoadMs };
  } finally {
    await started.stop();
  }
}

export interface ScaleResult {
  figures: Figure[];
  runs: ScaleRun[];
  errors: unknown[];
}

export async function indexScale(settings: ScaleSettings, log: (line: string) => void): Promise<ScaleResult> {
  const section = `4. Scale: strategy index with ${settings.scaleNumbers.toLocaleString('en-GB')} numbers under strategy (one number, one strategy, one restriction per customer)`;
  const figures: Figure[] = [];
  const runs: ScaleRun[] = [];
  const errors: unknown[] = [];
  const add = (run: ScaleRun) => {
    const { load } = run;
    const heap = mib(load.after.heapUsed + load.after.arrayBuffers - load.before.heapUsed - load.before.arrayBuffers);
    const numbers = `${load.size.numbers.toLocaleString('en-GB')} numbers, ${load.size.customers.toLocaleString('en-GB')} customers`;
    const peaks = `peak during the load: heap ${mib(load.peakHeap)} MiB, RSS ${mib(load.peakRss)} MiB (heap limit ${mib(load.heapLimit)} MiB)`;
    const reload = load.completed ? `a reload took ${Math.round(load.ms)} ms (${Math.round(load.cpuMs)} ms of CPU)` : `a reload was NOT done after ${Math.round(load.ms / 1000)} s (${Math.round(load.cpuMs / 1000)} s of CPU); given up`;
    figures.push(figure(section, `${run.label}: seed (set-based SQL)`, round(run.seedMs / 1000, 1), 's'));
    figures.push(
      run.startLoadMs !== null
        ? figure(section, `${run.label}: index load time (at start)`, Math.round(run.startLoadMs), 'ms', { below: 5000 }, `a new process on the seeded database, ${numbers}; before it, in the process that seeded them, ${reload}`)
        : figure(section, `${run.label}: index load time (a reload)`, load.completed ? Math.round(load.ms) : null, 'ms', { below: 5000 }, `in the process that seeded them: ${reload}${load.completed ? `, ${numbers}` : ''}`),
      load.completed
        ? figure(section, `${run.label}: index memory (heap + typed arrays after GC)`, heap, 'MB', { below: 300 }, `${load.gc ? '' : 'NO --expose-gc, so not after a GC; '}heap +${mib(load.after.heapUsed - load.before.heapUsed)}, typed arrays +${mib(load.after.arrayBuffers - load.before.arrayBuffers)} MiB; RSS +${mib(load.after.rss - load.before.rss)} MiB; ${peaks} (MB here means MiB)`)
        : // Not reloaded within the limit: the memory is a lower bound, and short.
          figure(section, `${run.label}: index memory (heap + typed arrays after GC)`, null, 'MB', { below: 300 }, `unknown: the reload did not finish; heap ${mib(load.after.heapUsed - load.before.heapUsed)} MiB above its start when given up; ${peaks}`),
    );
  };
  const db = await createBenchDatabase('scale');
  try {
    const run = await measure('PostgreSQL', { mode: 'callguard', database: { kind: 'postgres', url: db.url }, seed: 0 }, settings, log);
    runs.push(run);
    add(run);
  } catch (err) {
    errors.push(err);
    figures.push({ section, name: 'PostgreSQL: failed', value: null, unit: '', target: null, verdict: 'ERROR', note: err instanceof Error ? err.message.split('\n')[0] : String(err) });
  } finally {
    await db.drop();
  }
  if (settings.scalePglite) {
    try {
      const run = await measure('PGlite', { mode: 'callguard', database: { kind: 'pglite' }, seed: 0 }, settings, log);
      runs.push(run);
      add(run);
    } catch (err) {
      errors.push(err);
      figures.push({ section, name: 'PGlite: failed', value: null, unit: '', target: null, verdict: 'ERROR', note: err instanceof Error ? err.message.split('\n')[0] : String(err) });
    }
  } else {
    figures.push({ section, name: 'PGlite: not run', value: null, unit: '', target: null, verdict: 'info', note: 'set BENCH_SCALE_PGLITE=1 to run it (its seed alone takes minutes); section 1 shows PGlite loading 100,000' });
  }
  return { figures, runs, errors };
}
