import { mib, round } from './bench-support.js';
import { createBenchDatabase } from './postgres-databases.js';
import { figure, type Figure } from './report.js';
import type { IndexLoadReading, ServerSpec } from './server-protocol.js';
import { ServerProcess } from './server-process.js';

// Section 4: the strategy index with a million numbers under strategy. A callguard process starts on an empty
// database, the numbers are seeded set-based, then a full reload of the index (what a start or the periodic
// reconcile does) is timed, with the heap measured after a full GC before and after it.

export interface ScaleRun {
  label: string;
  numbers: number;
  seedMs: number;
  load: IndexLoadReading;
  repeat: IndexLoadReading | null;
}

type ScaleSettings = { scaleNumbers: number; scalePglite: boolean; scaleLimitS: number; scaleHeapMiB: number };

async function measure(label: string, spec: ServerSpec, settings: ScaleSettings, log: (line: string) => void): Promise<ScaleRun> {
  const numbers = settings.scaleNumbers;
  const server = await ServerProcess.start(label, spec, { heapMiB: settings.scaleHeapMiB });
  try {
    log(`${label}: seeding ${numbers.toLocaleString('en-GB')} numbers under strategy`);
    const { ms: seedMs } = await server.request('seed', { count: numbers, chunk: 100_000 }, 60 * 60_000);
    log(`${label}: seeded in ${Math.round(seedMs / 1000)} s; loading the index (giving up after ${settings.scaleLimitS} s)`);
    const limitMs = settings.scaleLimitS * 1000;
    const load = await server.request('loadIndex', { limitMs }, limitMs + 5 * 60_000);
    // A second load, as the periodic reconcile does it, when the first was quick enough to be worth repeating.
    const repeat = load.completed && load.ms < 60_000 ? await server.request('loadIndex', { limitMs }, limitMs + 5 * 60_000) : null;
    log(
      `${label}: index of ${load.size.numbers} numbers ${load.completed ? 'loaded' : 'NOT loaded'} in ${Math.round(load.ms)} ms (${Math.round(load.cpuMs)} ms CPU)` +
        `${repeat ? `, again in ${Math.round(repeat.ms)} ms` : ''}; heap +${mib(load.after.heapUsed - load.before.heapUsed)} MiB, peak ${mib(load.peakHeap)} MiB`,
    );
    return { label, numbers, seedMs, load, repeat };
  } finally {
    await server.stop();
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
    figures.push(figure(section, `${run.label}: seed (set-based SQL)`, round(run.seedMs / 1000, 1), 's'));
    if (load.completed) {
      figures.push(
        figure(section, `${run.label}: index load time`, Math.round(load.ms), 'ms', { below: 5000 }, `${numbers}; ${Math.round(load.cpuMs)} ms of CPU${run.repeat ? `; a second load took ${Math.round(run.repeat.ms)} ms` : ''}`),
        figure(section, `${run.label}: index memory (heap + typed arrays after GC)`, heap, 'MB', { below: 300 }, `${load.gc ? '' : 'NO --expose-gc, so not after a GC; '}heap +${mib(load.after.heapUsed - load.before.heapUsed)}, typed arrays +${mib(load.after.arrayBuffers - load.before.arrayBuffers)} MiB; RSS +${mib(load.after.rss - load.before.rss)} MiB; ${peaks} (MB here means MiB)`),
      );
    } else {
      // Not loaded within the limit: the figures are lower bounds, and short.
      figures.push(
        figure(section, `${run.label}: index load time`, null, 'ms', { below: 5000 }, `NOT loaded after ${Math.round(load.ms / 1000)} s (${Math.round(load.cpuMs / 1000)} s of CPU); given up`),
        figure(section, `${run.label}: index memory (heap + typed arrays after GC)`, null, 'MB', { below: 300 }, `unknown: the load did not finish; heap ${mib(load.after.heapUsed - load.before.heapUsed)} MiB above its start when given up; ${peaks}`),
      );
    }
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
