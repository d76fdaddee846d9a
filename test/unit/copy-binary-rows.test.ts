import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOut } from '../../db/copy-out.js';
import { CopyBinaryRows, type BinaryRow } from '../../db/copy-binary-rows.js';
import { LOCAL_POSTGRES_URL } from '../support/test-database.js';

// COPY's binary format, as the machine's PostgreSQL writes it, read back whole however it is cut into chunks;
// and a COPY whose reader fails leaves its connection free for the next query.

const TEXTS = ['plain', 'tab\there', 'new\nline\rreturn', 'back\\slash \\N \\t', '\\N', '\b\f\v \u001f \u0001', 'Llŷr ŵ 😀 — “quotes”', '"double" \'single\'', ''];
// Each row: a uuid, a text (or null), a timestamptz, an integer, a boolean and jsonb.
const QUERY = `
  select md5(t)::uuid as id, case when n = 3 then null else t end as text,
    (array['2026-11-17 12:30:43.800864+00', '1999-12-31 23:59:59.999999+00', 'infinity', '-infinity', '2000-01-01 00:00:00+00'])[n % 5 + 1]::timestamptz as at,
    (n - 4)::int as number, n % 2 = 0 as even, jsonb_build_object('text', t, 'n', n) as settings
  from unnest($texts$) with ordinality as u(t, n)`;

interface Read {
  id: string;
  text: string | null;
  at: number;
  number: number;
  even: boolean;
  settings: unknown;
  key: string;
}

let sql: postgres.Sql;
beforeAll(() => {
  sql = postgres(LOCAL_POSTGRES_URL, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end({ timeout: 5 });
});

async function copied(query: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await copyOut(sql, query, (chunk) => chunks.push(Buffer.from(chunk)));
  return Buffer.concat(chunks);
}

const words = new Uint32Array(4);
function readRow(row: BinaryRow): Read {
  row.uuid(0, words);
  const hex = [...words].map((w) => w.toString(16).padStart(8, '0')).join('');
  return { id: hex, text: row.text(1), at: row.timestamp(2), number: row.integer(3), even: row.boolean(4), settings: row.jsonb(5), key: row.key(4, 5) };
}

function readRows(data: Buffer, cuts: number[]): Read[] {
  const rows: Read[] = [];
  const reader = new CopyBinaryRows(6, (row) => rows.push(readRow(row)));
  let from = 0;
  for (const cut of [...cuts, data.length]) {
    reader.push(data.subarray(from, cut));
    from = cut;
  }
  reader.end();
  return rows;
}

describe('CopyBinaryRows', () => {
  it('reads back what PostgreSQL wrote, cut into chunks anywhere', async () => {
    const list = `array[${TEXTS.map((t) => `'${t.replaceAll("'", "''")}'`).join(', ')}]`;
    const data = await copied(QUERY.replace('$texts$', list));
    const expected = await sql.unsafe<Array<{ id: string; text: string | null; at: string; number: number; even: boolean; settings: unknown }>>(
      `select replace(id::text, '-', '') as id, text, extract(epoch from at) * 1000 as at, number, even, settings from (${QUERY.replace('$texts$', list)}) q`,
    );
    const whole = readRows(data, []);
    expect(whole.map(({ key: _, ...row }) => row)).toEqual(
      expected.map((row) => ({ ...row, at: Number.isFinite(Number(row.at)) ? Math.floor(Number(row.at)) : NaN })),
    );
    expect(whole.map((row) => row.text)).toContain('Llŷr ŵ 😀 — “quotes”');
    expect(whole.filter((row) => Number.isNaN(row.at))).toHaveLength(4);
    // Rows with the same last two fields share a key; others do not.
    expect(new Set(whole.map((row) => row.key)).size).toBe(TEXTS.length);
    for (let cut = 1; cut < data.length; cut++) expect(readRows(data, [cut])).toEqual(whole);
    expect(readRows(data, Array.from({ length: data.length - 1 }, (_, i) => i + 1))).toEqual(whole);
  });

  it('refuses data that is not binary COPY, rows of the wrong width or type, and data cut short', async () => {
    expect(() => readRows(Buffer.from('a\tb\tc\n'), [])).toThrow(/signature/);
    const data = await copied(QUERY.replace('$texts$', "array['x', 'y']"));
    expect(() => readRows(data.subarray(0, data.length - 2), [])).toThrow(/ended before its trailer/);
    expect(() => readRows(data.subarray(0, data.length - 9), [])).toThrow(/ended before its trailer/);
    expect(() => readRows(Buffer.concat([data, data.subarray(19)]), [])).toThrow(/after its trailer/);
    const narrow = await copied(`select 1, 2`);
    expect(() => readRows(narrow, [])).toThrow(/2 fields, not 6/);
    const wrongTypes = await copied(`select 'not a uuid', null::text, now(), 1, true, '{}'::jsonb`);
    expect(() => readRows(wrongTypes, [])).toThrow(/not a uuid/);
  });
});

describe('copyOut', () => {
  it('rejects with the reader\'s error when the reader throws, and the connection serves the next query', async () => {
    let rows = 0;
    const reading = copyOut(sql, 'select generate_series(1, 200000), repeat($$x$$, 100)', () => {
      rows += 1;
      if (rows === 1_000) throw new Error('the reader gave up');
    });
    await expect(reading).rejects.toThrow('the reader gave up');
    expect(rows).toBe(1_000);
    // Both of the pool's connections answer, the one that ran the COPY included.
    const answers = await Promise.all([sql<{ pid: number }[]>`select pg_backend_pid() as pid, pg_sleep(0.05)`, sql<{ pid: number }[]>`select pg_backend_pid() as pid, pg_sleep(0.05)`]);
    expect(new Set(answers.map(([row]) => row?.pid)).size).toBe(2);
  });

  it('rejects with PostgreSQL\'s error when the query fails', async () => {
    await expect(copyOut(sql, 'select 1 / 0', () => {})).rejects.toThrow(/division by zero/);
  });
});
