// npm run purge [-- --dry-run]: deletes call records older than RETENTION_DAYS (R15) from the configured
// database (DATABASE_URL or DATA_DIR), as the daily job in the service does, and prints what went.
// With PGlite, stop the service first: only one process may open a PGlite data directory.
// Exit status: 0 done (or nothing to do, or another instance is purging now), 1 the purge failed, 2 bad usage or configuration.
import { openDatabase } from '../db/database.js';
import { ConfigError, loadConfig, readEnvironment } from '../src/config/env.js';
import { previewPurge, purgeExpiredRecords, type PurgeCounts } from '../src/retention/retention.purge.js';

const describe = (c: PurgeCounts) => `${c.calls} calls, ${c.breaches} breaches, ${c.voicemails} voicemails, ${c.terminations} terminated calls`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--dry-run');
  if (unknown.length > 0) {
    console.error(`purge: unknown argument ${unknown.join(' ')}\nusage: npm run purge [-- --dry-run]`);
    return 2;
  }
  const dryRun = args.includes('--dry-run');
  let config;
  try {
    config = loadConfig(readEnvironment());
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    return 2;
  }
  const database = await openDatabase(config.database);
  try {
    const now = new Date();
    if (dryRun) {
      const preview = await previewPurge(database.db, { now, retentionDays: config.retentionDays });
      console.log(`retention ${preview.retentionDays} days: records from before ${preview.cutoff.toISOString()} are expired`);
      console.log(`dry run: would purge ${describe(preview.counts)}`);
      if (preview.heldBack.terminations > 0) console.log(`would keep ${preview.heldBack.terminations} older terminated calls that are still open`);
      return 0;
    }
    const total: PurgeCounts = { calls: 0, breaches: 0, voicemails: 0, terminations: 0 };
    // Each run is one transaction and one audit event; a backlog larger than a run's batch limit takes several.
    for (let runs = 1; ; runs++) {
      const result = await purgeExpiredRecords(database.db, { now, retentionDays: config.retentionDays, timeZone: config.timeZone });
      if (runs === 1) console.log(`retention ${result.retentionDays} days: records from before ${result.cutoff.toISOString()} are expired`);
      if (result.outcome === 'busy') {
        console.log('another instance is purging now; nothing done here');
        return 0;
      }
      for (const key of Object.keys(total) as (keyof PurgeCounts)[]) total[key] += result.counts[key];
      if (result.complete) {
        console.log(`purged ${describe(total)}${runs > 1 ? ` in ${runs} runs` : ''}`);
        if (result.heldBack.terminations > 0) console.log(`kept ${result.heldBack.terminations} older terminated calls that are still open`);
        return 0;
      }
    }
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`purge failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
