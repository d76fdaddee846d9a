import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from './database.js';

const answerSchema = z.union([z.array(z.unknown()), z.object({ rows: z.array(z.unknown()) })]);

/**
 * Rows of a raw SQL statement, checked against `row`. The two drivers answer differently (postgres.js with
 * the rows, PGlite with { rows }), and raw SQL has no column types, so every row is validated.
 */
export async function queryRows<T>(ex: Executor, query: SQL, row: z.ZodType<T>): Promise<T[]> {
  const answer = answerSchema.parse(await ex.execute(query));
  return z.array(row).parse(Array.isArray(answer) ? answer : answer.rows);
}
