import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOut } from '../../db/copy-out.js';
import { CopyTextRows } from '../../db/copy-text-rows.js';
import { LOCAL_POSTGRES_URL } from '../support/test-database.js';

// COPY's text format, as the machine's PostgreSQL writes it, read back whole however it is cut into chunks;
// and a COPY whose reader fails leaves its connection free for the next query.

const AWKWARD: Array<[string | null, string | null, string | null]> = [
  ['plain', null, ''],
  ['tab\there', 'new\nline\rreturn', 'back\\slash \\N \\t'],
  ['\\N', 'N', '\b\f\v \u001f \u0001'],
  ['Llŷr ŵ 😀 — “quotes”', '"double" \'single\'', 'ends with a backslash\\'],
];

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

function readRows(data: Buffer, cuts: number[], fieldCount = 3): Array<Array<string | null>> {
  const rows: Array<Array<string | null>> = [];
  const reader = new CopyTextRows(fieldCount, (fields) => rows.push([...fields]));
  let from = 0;
  for (const cut of [...cuts, data.length]) {
    reader.push(data.subarray(from, cut));
    from = cut;
  }
  reader.end();
  return rows;
}


describe('CopyTextRows', () => {
  it('reads back what PostgreSQL wrote, cut into chunks anywhere, even inside a character', async () => {
    // COPY takes no parameters: the values go in as literals.
    const literal = (v: string | null) => (v === null ? 'null' : `'${v.replaceAll("'", "''")}'`);
    const data = await copied(`select * from (values ${AWKWARD.map((row) => `(${row.map(literal).join(', ')})`).join(', ')}) v(a, b, c)`);
    expect(readRows(data, [])).toEqual(AWKWARD);
    for (let cut = 1; cut < data.length; cut++) expect(readRows(data, [cut])).toEqual(AWKWARD);
    expect(readRows(data, Array.from({ length: data.length - 1 }, (_, i) => i + 1))).toEqual(AWKWARD);
  });

  it('refuses a row with too few or too many fields, and data cut off inside a row', () => {
    expect(() => readRows(Buffer.from('a\tb\n'), [])).toThrow(/2 fields, not 3/);
    expect(() => readRows(Buffer.from('a\tb\tc\td\n'), [])).toThrow(/more than 3 fields/);
    expect(() => readRows(Buffer.from('a\tb\tc\na\tb'), [])).toThrow(/ended in the middle of a row/);
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
