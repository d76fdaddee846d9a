import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { startPgliteThread, type PgliteThread } from '../../db/pglite-thread.js';
import { isUniqueViolation } from '../../src/shared/database-errors.js';
import { expectSameAnswers } from '../support/pglite-answers.js';

const TABLE = `create table t (id int primary key, name text, at timestamptz, doc jsonb, tags text[], ok boolean, ref uuid)`;
const opened: Array<PgliteThread | PGlite> = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});
async function thread(dataDir: string | null = null): Promise<PgliteThread> {
  const db = await startPgliteThread(dataDir);
  opened.push(db);
  return db;
}

describe('PGlite on a thread of its own', () => {
  it('answers exactly as PGlite does on the main thread, with the caller’s parsers, in both row modes', async () => {
    const [db, raw] = [await thread(), await PGlite.create()];
    opened.push(raw);
    const insert = `insert into t values ($1, $2, $3, $4, $5, $6, $7)`;
    const row = ["O'Brien ☎", new Date('2026-01-02T03:04:05.678Z'), JSON.stringify({ a: [1, 'x'] }), ['a', 'b'], true, '8f14e45f-ceea-467f-a8d5-ad5bd1e34b6a'];
    for (const client of [db, raw]) {
      await client.query(TABLE);
      await client.query(insert, [1, ...row]);
      await client.query(insert, [2, null, null, null, null, null, null]);
    }
    const parsers = { 1184: (value: string) => `parsed ${value}` };
    await expectSameAnswers(db, raw, parsers);
    expect((await db.query('select at from t where id = 1', [], { parsers })).rows).toEqual([{ at: 'parsed 2026-01-02 03:04:05.678+00' }]);
  });

  it('fails a statement with PostgreSQL’s error, SQLSTATE and all, and runs the next one normally', async () => {
    const db = await thread();
    await db.query(TABLE);
    await db.query('insert into t (id) values ($1)', [1]);
    const failed = await db.query('insert into t (id) values ($1)', [1]).catch((err: unknown) => err);
    expect(failed).toMatchObject({ code: '23505', constraint: 't_pkey', message: expect.stringContaining('duplicate key') });
    expect(isUniqueViolation(failed)).toBe(true);
    await expect(db.query('select $1::int', ['not a number'])).rejects.toMatchObject({ code: '22P02' });
    await expect(db.query('select count(*)::int as n from t')).resolves.toMatchObject({ rows: [{ n: 1 }] });
  });

  it('commits a transaction that finishes, rolls back one that throws or asks to, and holds other statements until it ends', async () => {
    const db = await thread();
    await db.query(TABLE);
    await db.transaction(async (tx) => {
      await tx.query('insert into t (id) values ($1)', [1]);
      await tx.query('insert into t (id) values ($1)', [2]);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into t (id) values ($1)', [3]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await db.transaction(async (tx) => {
      await tx.query('insert into t (id) values ($1)', [4]);
      await tx.rollback();
    });
    await expect(db.transaction((tx) => tx.query('insert into t (id) values ($1)', [1]))).rejects.toMatchObject({ code: '23505' });

    const order: string[] = [];
    let outside: Promise<unknown> = Promise.resolve();
    await db.transaction(async (tx) => {
      await tx.query('insert into t (id) values ($1)', [5]);
      outside = db.query('select count(*)::int as n from t').then((answer) => order.push(`outside saw ${JSON.stringify(answer.rows)}`));
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push('transaction ends');
    });
    await outside;
    expect(order).toEqual(['transaction ends', 'outside saw [{"n":3}]']);
    expect((await db.query('select id from t order by id')).rows).toEqual([{ id: 1 }, { id: 2 }, { id: 5 }]);
  });

  it('delivers notifications to every listener of a channel, only after their transaction commits, until each stops', async () => {
    const db = await thread();
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = await db.listen('news', (payload) => first.push(payload));
    const stopSecond = await db.listen('news', (payload) => second.push(payload));
    await db.transaction(async (tx) => {
      await tx.query(`select pg_notify('news', 'in a transaction')`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(first).toEqual([]);
    });
    await db.query(`select pg_notify('news', $1)`, ['on its own']);
    await expect.poll(() => second).toEqual(['in a transaction', 'on its own']);
    await stopFirst();
    await db.query(`select pg_notify('news', 'later')`);
    await expect.poll(() => second).toHaveLength(3);
    await stopSecond();
    await db.query(`select pg_notify('news', 'to nobody')`);
    await db.query('select 1');
    expect(first).toEqual(['in a transaction', 'on its own']);
    expect(second).toEqual(['in a transaction', 'on its own', 'later']);
  });

  it('has every listener of a channel listening once its listen resolves, when several start at once', async () => {
    const db = await thread();
    const heard: string[][] = [[], [], []];
    await Promise.all(heard.map((list) => db.listen('news', (payload) => list.push(payload))));
    await db.query(`select pg_notify('news', 'at once')`);
    await expect.poll(() => heard).toEqual([['at once'], ['at once'], ['at once']]);
  });

  it('hands over a COPY in binary format in slices, letting other work run between them, and fails it with PostgreSQL’s error', async () => {
    const db = await thread();
    const chunks: Buffer[] = [];
    // Whether the event loop ran (a setImmediate set at the last slice fired) before each next slice.
    let ran = false;
    let yielded = 0;
    await db.copyOut(`select g, repeat('x', 100) from generate_series(1, 10000) g`, (chunk) => {
      if (ran) yielded += 1;
      ran = false;
      setImmediate(() => (ran = true));
      chunks.push(Buffer.from(chunk));
    });
    const data = Buffer.concat(chunks);
    expect(data.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    // Each row: its field count, then each field's length and bytes; the data ends with -1.
    expect(data.length).toBe(19 + 10_000 * (2 + 4 + 4 + 4 + 100) + 2);
    expect(chunks.length).toBeGreaterThan(1);
    expect(yielded).toBe(chunks.length - 1);
    await expect(db.copyOut('select 1 / 0', () => {})).rejects.toMatchObject({ code: '22012' });
    expect((await db.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('runs a COPY outside any transaction the main thread has open: it waits for it, and never sees what it rolls back', async () => {
    const db = await thread();
    await db.query('create table t (id int)');
    const events: string[] = [];
    let copying: Promise<number> | undefined;
    await db.transaction(async (tx) => {
      await tx.query('insert into t values (1)');
      const chunks: Buffer[] = [];
      copying = db.copyOut('select id from t', (chunk) => chunks.push(Buffer.from(chunk))).then(() => (events.push('copied'), Buffer.concat(chunks).length));
      await new Promise((resolve) => setTimeout(resolve, 100));
      events.push('rolling back');
      await tx.rollback();
    });
    // The header and the trailer, and no row.
    expect(await copying).toBe(19 + 2);
    expect(events).toEqual(['rolling back', 'copied']);
  });

  it('keeps a data directory’s contents across a close, and refuses statements once closed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'callguard-pglite-thread-'));
    try {
      const db = await startPgliteThread(dataDir);
      await db.query(TABLE);
      await db.query('insert into t (id, name) values ($1, $2)', [7, 'kept']);
      await db.close();
      await expect(db.query('select 1')).rejects.toThrow('PGlite is closed');
      await db.close();
      const again = await startPgliteThread(dataDir);
      try {
        expect((await again.query('select id, name from t')).rows).toEqual([{ id: 7, name: 'kept' }]);
      } finally {
        await again.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
