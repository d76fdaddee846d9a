import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { collectGarbage } from './bench-support.js';
import { readSettings } from './bench-settings.js';
import { indexScale } from './index-scale.js';
import { panelFanOut } from './panel-fan-out.js';
import { dropAllBenchDatabases, POSTGRES_SERVER_URL, postgresVersion } from './postgres-databases.js';
import { propagation } from './propagation.js';
import { errorFigure, renderTable, type Figure } from './report.js';
import { killAllServers } from './server-process.js';
import { startInstancePair } from './two-instances.js';
import { throughputForJson, webhookThroughput } from './webhook-throughput.js';

// npm run bench: the four measurements of issue 6 in one run, a table of figures against their targets, and
// bench/results.json. Exits 0 whether or not a target is met; non-zero only if the benchmark itself broke.

const resultsFile = fileURLToPath(new URL('./results.json', import.meta.url));
const startedAt = new Date();
const log = (line: string) => console.log(`[${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`);

function packageVersion(name: string): string {
  try {
    const file = fileURLToPath(new URL(`../node_modules/${name}/package.json`, import.meta.url));
    return z.object({ version: z.string() }).parse(JSON.parse(readFileSync(file, 'utf8'))).version;
  } catch {
    return 'unknown';
  }
}

async function machine() {
  const cpus = os.cpus();
  let postgres: string;
  try {
    postgres = await postgresVersion();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${POSTGRES_SERVER_URL} (set BENCH_DATABASE_URL): ${err instanceof Error ? err.message : String(err)}`);
  }
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
    pglite: packageVersion('@electric-sql/pglite'),
    autocannon: packageVersion('autocannon'),
    gcExposed: collectGarbage(),
    /** 1, 5 and 15 minute load averages at the start: anything else running on the two cores shows here. */
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function main(): Promise<number> {
  const settings = readSettings();
  const host = await machine();
  log(`machine: ${host.cpus} × ${host.cpuModel}, ${host.memoryGiB} GiB, node ${host.node}, ${host.postgres.split(' on ')[0]}, PGlite ${host.pglite}`);
  if (!host.gcExposed) log('warning: node was started without --expose-gc; memory figures are not taken after a GC (use npm run bench)');

  const figures: Figure[] = [];
  const errors: unknown[] = [];
  const details: Record<string, unknown> = {};

  if (settings.sections.has(1)) {
    try {
      const result = await webhookThroughput(settings, log);
      figures.push(...result.figures);
      errors.push(...result.errors);
      details.webhooks = throughputForJson(result);
    } catch (err) {
      errors.push(err);
      figures.push(errorFigure('1. Incoming-call webhooks', err));
    }
  }

  if (settings.sections.has(2) || settings.sections.has(3)) {
    let pair: Awaited<ReturnType<typeof startInstancePair>> | null = null;
    try {
      pair = await startInstancePair(settings.numbers, log);
      if (settings.sections.has(2)) {
        try {
          const result = await propagation(pair, settings.rounds, log);
          figures.push(...result.figures);
          details.propagation = { authoriseMs: result.authoriseMs, liftMs: result.liftMs, polls: result.polls };
        } catch (err) {
          errors.push(err);
          figures.push(errorFigure('2. Propagation', err));
        }
      }
      if (settings.sections.has(3)) {
        try {
          const result = await panelFanOut(pair, settings, log);
          figures.push(...result.figures);
          details.panelFanOut = { crossInstance: result.crossInstance, sameInstance: result.sameInstance };
        } catch (err) {
          errors.push(err);
          figures.push(errorFigure('3. Panel fan-out', err));
        }
      }
    } catch (err) {
      errors.push(err);
      figures.push(errorFigure('2 and 3. Two instances', err));
    } finally {
      await pair?.close();
    }
  }

  if (settings.sections.has(4)) {
    try {
      const result = await indexScale(settings, log);
      figures.push(...result.figures);
      errors.push(...result.errors);
      details.scale = result.runs;
    } catch (err) {
      errors.push(err);
      figures.push(errorFigure('4. Scale', err));
    }
  }

  // Interrupted: the signal handler is cleaning up; a partial table would only mislead.
  if (interrupted) return 130;
  const finishedAt = new Date();
  const table = renderTable(figures);
  console.log('');
  console.log(`callguard benchmark, ${startedAt.toISOString()} (${Math.round((finishedAt.getTime() - startedAt.getTime()) / 1000)} s)`);
  console.log(`machine: ${host.cpus} CPUs (${host.cpuModel}), ${host.memoryGiB} GiB, ${host.os}; load average ${host.loadAverageAtStart.join(' ')} at the start`);
  console.log(`software: node ${host.node}, ${host.postgres}, PGlite ${host.pglite}, autocannon ${host.autocannon}`);
  const [busy] = host.loadAverageAtStart;
  if (busy !== undefined && busy > host.cpus / 2) {
    console.log(`WARNING: the machine was already busy when the benchmark started (load average ${busy} on ${host.cpus} CPUs); the figures are lower than this machine can do.`);
  }
  console.log('');
  console.log(table);
  const short = figures.filter((f) => f.verdict === 'SHORT').length;
  const passed = figures.filter((f) => f.verdict === 'PASS').length;
  console.log('');
  console.log(`${passed} targets met, ${short} short${errors.length > 0 ? `, ${errors.length} part(s) of the benchmark failed` : ''}.`);
  for (const err of errors) console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));

  const settingsForJson = { ...settings, sections: [...settings.sections] };
  writeFileSync(
    resultsFile,
    `${JSON.stringify({ startedAt, finishedAt, machine: host, settings: settingsForJson, figures, details, errors: errors.map((e) => (e instanceof Error ? e.message : String(e))) }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`,
  );
  console.log(`results written to ${resultsFile}`);
  return errors.length > 0 ? 1 : 0;
}

let interrupted = false;
let exiting = false;
async function cleanUpAndExit(code: number): Promise<never> {
  if (!exiting) {
    exiting = true;
    killAllServers();
    await dropAllBenchDatabases().catch((err: unknown) => console.error('could not drop the benchmark databases:', err));
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping the servers and dropping the benchmark databases`);
    void cleanUpAndExit(130);
  });
}

main().then(
  (code) => cleanUpAndExit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    void cleanUpAndExit(2);
  },
);
