import { sql } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '../../db/database.js';
import { CopyTextRows } from '../../db/copy-text-rows.js';
import { rowsOf } from '../../db/query-rows.js';
import type { IndexContents } from './index-contents.js';
import { IndexLoadBuilder, LOAD_QUERY, type LoadRow } from './index-load-builder.js';
import { authorisedStrategyCount } from './strategy-index.repository.js';

const CURSOR = 'strategy_index_load';
// Small batches, several asked for ahead: few rows wait in memory at a time (rows that outlive a young
// generation collection are costly), and the database always has the next ones to work on.
const BATCH = 1_000;
const AHEAD = 3;

/**
 * Reads every authorised strategy with its customer, numbers and restrictions: one query (PostgreSQL joins
 * the four tables by hash far faster than any batched lookups), so one snapshot, streamed so that neither side
 * holds every row at once. On PostgreSQL through COPY (no fetch round trips, and less work for the database
 * than a cursor); on PGlite through a cursor, a batch at a time. The index makes room for the
 * strategies at once, counted while PostgreSQL builds its hash tables (before any row comes).
 */
export async function loadIndexContents(database: Pick<DatabaseHandle, 'db' | 'copyOut'>, batchSize = BATCH): Promise<IndexContents> {
  const builder = new IndexLoadBuilder();
  if (database.copyOut) {
    const rows = new CopyTextRows(4, ([line, number, name, needs]) => {
      if (line == null || name == null) throw new Error('a strategy index row without its line or name');
      builder.add({ line, number: number ?? null, name, needs: needs ?? null });
    });
    // On another connection, at the same time: a count from another snapshot is only a guess, which is all it is used as.
    // If it fails, the tables grow as rows come instead.
    const counted = authorisedStrategyCount(database.db).then((n) => builder.reserve(n), () => undefined);
    try {
      await database.copyOut(LOAD_QUERY, (chunk) => rows.push(chunk));
    } finally {
      await counted;
    }
    rows.end();
  } else {
    await readThroughCursor(database.db, batchSize, builder);
  }
  return builder.finish();
}

async function readThroughCursor(db: Database, batchSize: number, builder: IndexLoadBuilder): Promise<void> {
  await db.transaction(
    async (tx) => {
      builder.reserve(await authorisedStrategyCount(tx));
      // A cursor is planned for its first rows unless told otherwise; this one is read to the end.
      await tx.execute(sql`set local cursor_tuple_fraction = 1`);
      await tx.execute(sql.raw(`declare ${CURSOR} no scroll cursor for ${LOAD_QUERY}`));
      // drizzle runs a query each time it is awaited: `then` once, for one plain promise per batch. If
      // parsing fails, the transaction's rollback ends the fetches still under way.
      const fetchBatch = () => {
        const rows = tx.execute(sql.raw(`fetch forward ${batchSize} from ${CURSOR}`)).then(rowsOf);
        rows.catch(() => {});
        return rows;
      };
      // Batches are asked for ahead, so the database keeps working while node parses; they come in order.
      const batches = Array.from({ length: 1 + AHEAD }, fetchBatch);
      for (let next = batches.shift(); next; next = batches.shift()) {
        const rows = await next;
        if (rows.length === batchSize) batches.push(fetchBatch());
        for (const row of rows) builder.add(loadRow(row));
        if (rows.length < batchSize) break;
        // Let the event loop run: that sends the requests for the next batches (drizzle takes a few turns
        // to), and keeps calls answered during a reconcile.
        await new Promise((resolve) => setImmediate(resolve));
      }
      // Past the end: they come back empty.
      await Promise.all(batches);
    },
    { accessMode: 'read only' },
  );
}

function loadRow(row: unknown): LoadRow {
  if (isLoadRow(row)) return row;
  throw new Error('a strategy index row of an unexpected shape');
}

function isLoadRow(row: unknown): row is LoadRow {
  return (
    typeof row === 'object' && row !== null &&
    'line' in row && typeof row.line === 'string' &&
    'name' in row && typeof row.name === 'string' &&
    'number' in row && (row.number === null || typeof row.number === 'string') &&
    'needs' in row && (row.needs === null || typeof row.needs === 'string')
  );
}
