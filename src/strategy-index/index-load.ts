import type { DatabaseHandle } from '../../db/database.js';
import { CopyBinaryRows } from '../../db/copy-binary-rows.js';
import type { IndexContents } from './index-contents.js';
import { IndexLoadBuilder, LOAD_FIELD_COUNT, LOAD_QUERY } from './index-load-builder.js';
import { authorisedStrategyCount } from './strategy-index.repository.js';

/**
 * Reads every authorised strategy with its customer, numbers and restrictions: one query (PostgreSQL joins
 * the four tables by hash far faster than any batched lookups), so one snapshot, streamed through COPY in
 * binary format (no fetch round trips, and no text to write or parse for ids and times). The index makes
 * room for the strategies at once, counted on another connection while PostgreSQL builds its hash tables
 * (before any row comes).
 */
export async function loadIndexContents(database: Pick<DatabaseHandle, 'db' | 'copyOut'>): Promise<IndexContents> {
  const builder = new IndexLoadBuilder();
  const rows = new CopyBinaryRows(LOAD_FIELD_COUNT, (row) => builder.add(row));
  // A count from another snapshot is only a guess, which is all it is used as. If it fails, the tables grow
  // as rows come instead.
  const counted = authorisedStrategyCount(database.db).then((n) => builder.reserve(n), () => undefined);
  try {
    await database.copyOut(LOAD_QUERY, (chunk) => rows.push(chunk));
  } finally {
    await counted;
  }
  rows.end();
  return builder.finish();
}
