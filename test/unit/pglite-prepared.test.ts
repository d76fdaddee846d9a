import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { preparingStatements } from '../../db/pglite-prepared.js';
import { expectSameAnswers } from '../support/pglite-answers.js';

const opened: PGlite[] = [];
async function open(settings?: Parameters<typeof preparingStatements>[1]) {
  const raw = await PGlite.create();
  opened.push(raw);
  await raw.exec(`create table t (id int primary key, name text, at timestamptz, doc jsonb, tags text[], ok boolean, ref uuid)`);
  return { raw, client: preparingStatements(raw, settings) };
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

const preparedCount = async (raw: PGlite) => (await raw.query<{ n: number }>(`select count(*)::int as n from pg_prepared_statements`)).rows[0]?.n;

describe('PGlite statements kept prepared', () => {
  it('gives the same results as PGlite’s own query, with and without parameters, in both row modes', async () => {
    const { raw, client } = await open();
    const insert = `insert into t values ($1, $2, $3, $4, $5, $6, $7)`;
    const row = [1, "O'Brien ☎", new Date('2026-01-02T03:04:05.678Z'), { a: [1, 'x'] }, ['a', 'b'], true, '8f14e45f-ceea-467f-a8d5-ad5bd1e34b6a'];
    expect(await client.query(insert, row)).toEqual(await raw.query(insert, [2, ...row.slice(1)]));
    await client.query(insert, [3, null, null, null, null, null, null]);
    const parsers = { 1184: (value: string) => value };
    await expectSameAnswers(client, raw, parsers);
  });

  it('reports a failed statement as PGlite does, and the next statement runs normally', async () => {
    const { client } = await open();
    await client.query(`insert into t (id) values ($1)`, [1]);
    const failed = await client.query(`insert into t (id) values ($1)`, [1]).catch((err: unknown) => err);
    expect(failed).toMatchObject({ code: '23505', query: 'insert into t (id) values ($1)', params: [1] });
    await expect(client.query(`select count(*)::int as n from t where id = $1`, [1])).resolves.toMatchObject({ rows: [{ n: 1 }] });
    await expect(client.query(`select $1::int`, ['not a number'])).rejects.toMatchObject({ code: '22P02' });
    await expect(client.query(`select nonsense from $1`, [1])).rejects.toMatchObject({ code: '42601' });
  });

  it('keeps at most maxPrepared statements, and prepares a statement afresh once it is older than maxAgeMs', async () => {
    const few = await open({ maxPrepared: 3, maxAgeMs: 60_000 });
    for (let i = 0; i < 10; i++) expect((await few.client.query<{ n: number }>(`select $1::int + ${i} as n`, [1])).rows).toEqual([{ n: 1 + i }]);
    expect(await preparedCount(few.raw)).toBe(3);

    const fresh = await open({ maxPrepared: 10, maxAgeMs: 0 });
    const names = new Set<string>();
    for (let i = 0; i < 3; i++) {
      await fresh.client.query(`select $1::int`, [i]);
      names.add((await fresh.raw.query<{ name: string }>(`select name from pg_prepared_statements`)).rows[0]?.name ?? '');
    }
    expect(names.size).toBe(3);
    expect(await preparedCount(fresh.raw)).toBe(1);
  });

  it('never runs a statement inside a transaction another caller has open', async () => {
    const { raw, client } = await open();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = raw.transaction(async (tx) => {
      await tx.query(`insert into t (id) values (1)`);
      await held;
      await tx.rollback();
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const counted = client.query<{ n: number }>(`select count(*)::int as n from t where id >= $1`, [0]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await transaction;
    expect((await counted).rows).toEqual([{ n: 0 }]);
  });

  it('serves drizzle: typed selects and raw SQL read as they do on PGlite itself', async () => {
    const { raw, client } = await open();
    await raw.query(`insert into t values (1, 'a', '2026-01-02T03:04:05Z', '{"k":1}', '{x}', false, null)`);
    const query = sql`select id, at, doc, tags from t where id = ${1}`;
    expect(await drizzle({ client }).execute(query)).toEqual(await drizzle({ client: raw }).execute(query));
  });
});
