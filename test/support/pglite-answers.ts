import type { QueryOptions, Results } from '@electric-sql/pglite';
import { expect } from 'vitest';

/** Anything that runs a statement as PGlite's `query` does. */
interface Queryable {
  query(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<unknown>>;
}

/**
 * Checks that `client` answers a few statements (with and without parameters, a read and a write) exactly
 * as PGlite's own `query` answers them on `reference`, in both row modes and with the caller's parsers.
 * Both hold table `t` with the same rows.
 */
export async function expectSameAnswers(client: Queryable, reference: Queryable, parsers: NonNullable<QueryOptions['parsers']>): Promise<void> {
  for (const rowMode of ['object', 'array'] as const) {
    for (const [text, params] of [
      ['select * from t where id >= $1 order by id', [1]],
      ['select * from t order by id', []],
      ['update t set name = name || $1 where id < $2', ['!', 3]],
    ] as const) {
      expect(await client.query(text, [...params], { rowMode, parsers })).toEqual(await reference.query(text, [...params], { rowMode, parsers }));
    }
  }
}
