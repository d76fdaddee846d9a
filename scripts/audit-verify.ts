// npm run audit:verify: checks the audit trail's hash chain in the configured database (DATABASE_URL or DATA_DIR).
import { openDatabase } from '../db/database.js';
import { ConfigError, loadConfig, readEnvironment } from '../src/config/env.js';
import { verifyAuditTrail } from '../src/audit/verify-audit-trail.js';

try {
  const config = loadConfig(readEnvironment());
  const database = await openDatabase(config.database);
  try {
    const result = await verifyAuditTrail(database.db);
    if (result.ok) {
      console.log(`audit trail intact: ${result.events} events, every link verified`);
    } else {
      console.error(`audit trail BROKEN at event ${result.first.eventId}: ${result.first.problem}`);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `audit:verify failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
