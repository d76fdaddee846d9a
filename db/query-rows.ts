import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from './database.js';

/** The rows of a `db.execute` answer: postgres.js answers with the rows, PGlite with { rows }. */
export function rowsOf(answer: unknown): unknown[] {
  if (Array.isArray(answer)) return answer;
  if (typeof answer === 'object' && answer !== null && 'rows' in answer && Array.isArray(answer.rows)) return answer.rows;
  throw new Error('unexpected answer to a raw SQL statement');
}

/** Rows of a raw SQL statement, checked against `row` (raw SQL has no column types, so every row is validated). */
export async function queryRows<T>(ex: Executor, query: SQL, row: z.ZodType<T>): Promise<T[]> {
  return z.array(row).parse(rowsOf(await ex.execute(query)));
}
