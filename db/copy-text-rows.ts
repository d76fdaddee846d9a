/**
 * Reads COPY's text format (what `COPY ... TO STDOUT` writes by default) a row at a time: fields split at
 * tabs, `\N` read as null, backslash escapes undone. Chunks may end anywhere, even inside a character; each
 * row goes to `onRow` once its newline has come. The fields array is reused from row to row.
 */
export class CopyTextRows {
  private carry: Buffer | null = null;
  private readonly fields: Array<string | null>;

  constructor(
    private readonly fieldCount: number,
    private readonly onRow: (fields: ReadonlyArray<string | null>) => void,
  ) {
    this.fields = new Array<string | null>(fieldCount).fill(null);
  }

  push(chunk: Buffer): void {
    // A row split across chunks is joined as bytes, so a character split with it is decoded whole.
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    let from = 0;
    for (let newline = data.indexOf(NEWLINE, from); newline >= 0; newline = data.indexOf(NEWLINE, from)) {
      this.readRow(data, from, newline);
      from = newline + 1;
    }
    if (from < data.length) this.carry = Buffer.from(data.subarray(from));
  }

  /** Called when the data has ended: a row left without its newline means the data was cut short. */
  end(): void {
    if (this.carry) throw new Error('COPY data ended in the middle of a row');
  }

  private readRow(data: Buffer, from: number, newline: number): void {
    const { fields, fieldCount } = this;
    let start = from;
    for (let i = 0; i < fieldCount - 1; i++) {
      const tab = data.indexOf(TAB, start);
      if (tab < 0 || tab > newline) throw new Error(`a COPY row has ${i + 1} fields, not ${fieldCount}`);
      fields[i] = field(data, start, tab);
      start = tab + 1;
    }
    const extra = data.indexOf(TAB, start);
    if (extra >= 0 && extra < newline) throw new Error(`a COPY row has more than ${fieldCount} fields`);
    fields[fieldCount - 1] = field(data, start, newline);
    this.onRow(fields);
  }
}

const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;
const CAPITAL_N = 78;

function field(data: Buffer, start: number, end: number): string | null {
  if (end - start === 2 && data[start] === BACKSLASH && data[start + 1] === CAPITAL_N) return null;
  const text = data.toString('utf8', start, end);
  return text.includes('\\') ? unescapeCopyText(text) : text;
}

const ESCAPED: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** COPY TO writes a backslash, a tab, a newline and the like as `\\`, `\t`, `\n`...; any other escaped character stands for itself. */
export function unescapeCopyText(text: string): string {
  return text.replace(/\\(.)/gs, (_, char: string) => ESCAPED[char] ?? char);
}
