// Backup and restore of the embedded database (PGlite). See docs/BACKUP.md; PostgreSQL uses pg_dump instead.
//
//   npx tsx scripts/backup-pglite.ts dump <backup.tar.gz>             DATA_DIR (from the environment or .env) to a tarball
//   npx tsx scripts/backup-pglite.ts restore <backup.tar.gz> <dir>    the tarball into a new, empty data directory
//
// Stop the service first: only one process may open a PGlite data directory. Both commands check the audit
// trail's hash chain (R12) and print its length; neither migrates or otherwise changes the data.
// Exit status: 0 done, 1 failed (or the audit chain does not verify), 2 bad usage or configuration.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from '../db/schema/index.js';
import type { Database } from '../db/database.js';
import { ConfigError, loadConfig, readEnvironment } from '../src/config/env.js';
import { verifyAuditTrail } from '../src/audit/verify-audit-trail.js';

const USAGE = 'usage: backup-pglite.ts dump <backup.tar.gz> | restore <backup.tar.gz> <new-data-dir>';

class UsageError extends Error {}

async function checkTrail(client: PGlite, label: string): Promise<void> {
  const db: Database = drizzle({ client, schema });
  const result = await verifyAuditTrail(db);
  if (!result.ok) throw new Error(`${label}: audit trail BROKEN at event ${result.first.eventId}: ${result.first.problem}`);
  console.log(`${label}: audit trail intact: ${result.events} events, every link verified`);
}

async function dump(out: string): Promise<void> {
  const config = loadConfig(readEnvironment());
  if (config.database.kind !== 'pglite' || !config.database.dataDir) throw new UsageError('DATABASE_URL is set: back PostgreSQL up with pg_dump (docs/BACKUP.md)');
  const dataDir = config.database.dataDir;
  if (!existsSync(dataDir)) throw new UsageError(`DATA_DIR ${dataDir} does not exist`);
  const client = await PGlite.create(dataDir);
  try {
    await checkTrail(client, dataDir);
    const tarball = await client.dumpDataDir('gzip');
    await writeFile(out, Buffer.from(await tarball.arrayBuffer()), { flag: 'wx' });
    console.log(`wrote ${out} (${tarball.size} bytes) from ${dataDir}`);
  } finally {
    await client.close();
  }
}

async function restore(from: string, dataDir: string): Promise<void> {
  if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) throw new UsageError(`${dataDir} is not empty: restore into a new directory, then point DATA_DIR at it`);
  await mkdir(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir, loadDataDir: new Blob([await readFile(from)]) });
  try {
    await checkTrail(client, dataDir);
  } finally {
    await client.close();
  }
  console.log(`restored ${from} into ${dataDir}; set DATA_DIR=${dataDir} and start the service`);
}

async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === 'dump' && rest.length === 1 && rest[0]) return dump(rest[0]);
  if (command === 'restore' && rest.length === 2 && rest[0] && rest[1]) return restore(rest[0], rest[1]);
  throw new UsageError(USAGE);
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError || err instanceof ConfigError) {
    console.error(err.message);
    process.exitCode = 2;
  } else {
    console.error(`backup-pglite failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
