/**
 * Reads COPY's binary format (`COPY ... TO STDOUT WITH (FORMAT binary)`) a row at a time: each field's bytes
 * are left where they lie and read through `BinaryRow`, so a row costs no strings but the ones its reader
 * asks for. Chunks may end anywhere; a row split across them is joined first. One BinaryRow is reused from
 * row to row: a reader keeps nothing of it past `onRow`.
 */
export class CopyBinaryRows {
  private carry: Buffer | null = null;
  private headerRead = false;
  private trailerRead = false;
  private readonly row: BinaryRow;

  constructor(
    private readonly fieldCount: number,
    private readonly onRow: (row: BinaryRow) => void,
  ) {
    this.row = new BinaryRow(fieldCount);
  }

  push(chunk: Buffer): void {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    let at = this.headerRead ? 0 : this.readHeader(data);
    if (at < 0) return void (this.carry = Buffer.from(data));
    const { row, fieldCount } = this;
    const { starts, lengths } = row;
    row.buffer = data;
    while (at + 2 <= data.length) {
      if (this.trailerRead) throw new Error('COPY data goes on after its trailer');
      const count = (((data[at] ?? 0) << 24) >> 16) | (data[at + 1] ?? 0);
      if (count === -1) {
        this.trailerRead = true;
        at += 2;
        continue;
      }
      if (count !== fieldCount) throw new Error(`a COPY row has ${count} fields, not ${fieldCount}`);
      let next = at + 2;
      for (let i = 0; i < count && next !== -1; i++) {
        if (next + 4 > data.length) next = -1;
        else {
          const length = int32(data, next);
          starts[i] = next + 4;
          lengths[i] = length;
          next += 4 + Math.max(length, 0);
          if (next > data.length) next = -1;
        }
      }
      if (next === -1) break;
      this.onRow(row);
      at = next;
    }
    row.buffer = EMPTY;
    // Copied: the driver may reuse the chunk's memory once this returns.
    if (at < data.length) this.carry = Buffer.from(data.subarray(at));
  }

  /** Called when the data has ended: without the trailer, the data was cut short. */
  end(): void {
    if (!this.trailerRead || this.carry) throw new Error('COPY data ended before its trailer');
  }

  /** The offset of the first row, or -1 while the header has not all come. */
  private readHeader(data: Buffer): number {
    const signed = Math.min(data.length, SIGNATURE.length);
    if (!data.subarray(0, signed).equals(SIGNATURE.subarray(0, signed))) throw new Error('COPY data does not start with the binary format signature');
    if (data.length < HEADER_FIXED) return -1;
    if ((data.readInt32BE(SIGNATURE.length) & OIDS_FLAG) !== 0) throw new Error('COPY data carries row OIDs, which nothing here expects');
    const extension = data.readInt32BE(SIGNATURE.length + 4);
    if (data.length < HEADER_FIXED + extension) return -1;
    this.headerRead = true;
    return HEADER_FIXED + extension;
  }
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
// The signature, a flags field and the header extension's length.
const HEADER_FIXED = SIGNATURE.length + 8;
const OIDS_FLAG = 1 << 16;
const EMPTY = Buffer.alloc(0);

// Big-endian, without Buffer's bounds checks (which cost a good part of a row): callers check lengths.
function int32(data: Uint8Array, at: number): number {
  return ((data[at] ?? 0) << 24) | ((data[at + 1] ?? 0) << 16) | ((data[at + 2] ?? 0) << 8) | (data[at + 3] ?? 0);
}
// PostgreSQL counts timestamps in microseconds from 2000-01-01 UTC.
const POSTGRES_EPOCH_MS = 946_684_800_000;

/**
 * One row of binary COPY data, its fields read in PostgreSQL's send formats. Each typed read checks the
 * field's length, so a query whose columns are not the types its reader expects fails loudly.
 */
export class BinaryRow {
  buffer: Buffer = EMPTY;
  readonly starts: Int32Array;
  /** Each field's length in bytes; -1 for null. */
  readonly lengths: Int32Array;

  constructor(fieldCount: number) {
    this.starts = new Int32Array(fieldCount);
    this.lengths = new Int32Array(fieldCount);
  }

  isNull(field: number): boolean {
    return (this.lengths[field] ?? -1) < 0;
  }

  start(field: number): number {
    return this.starts[field] ?? 0;
  }

  /** The field's length in bytes; -1 for null. */
  length(field: number): number {
    return this.lengths[field] ?? -1;
  }

  /** text, varchar: null stays null. */
  text(field: number): string | null {
    return this.isNull(field) ? null : this.buffer.toString('utf8', this.start(field), this.start(field) + (this.lengths[field] ?? 0));
  }

  /** Whether a text field spells exactly `text` (ASCII), without making a string of it. */
  spells(field: number, text: string): boolean {
    const start = this.start(field);
    if (this.lengths[field] !== text.length) return false;
    for (let i = 0; i < text.length; i++) if (this.buffer[start + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  boolean(field: number): boolean {
    return this.buffer[this.fixed(field, 1, 'a boolean')] === 1;
  }

  integer(field: number): number {
    return int32(this.buffer, this.fixed(field, 4, 'an integer'));
  }

  /** timestamptz in epoch milliseconds, rounded down as a Date from its text form is; NaN for null or infinity. */
  timestamp(field: number): number {
    if (this.isNull(field)) return NaN;
    const at = this.fixed(field, 8, 'a timestamp');
    const high = int32(this.buffer, at);
    const low = int32(this.buffer, at + 4) >>> 0;
    if ((high === 0x7fffffff && low === 0xffffffff) || (high === -0x80000000 && low === 0)) return NaN;
    // high * 2^32 + low microseconds, divided by 1000 exactly: 2^32 = 4294967 * 1000 + 296.
    return high * 4294967 + Math.floor((high * 296 + low) / 1000) + POSTGRES_EPOCH_MS;
  }

  /** A uuid into `words`, as four big-endian 32-bit words. */
  uuid(field: number, words: Uint32Array): void {
    const at = this.fixed(field, 16, 'a uuid');
    const { buffer } = this;
    words[0] = int32(buffer, at);
    words[1] = int32(buffer, at + 4);
    words[2] = int32(buffer, at + 8);
    words[3] = int32(buffer, at + 12);
  }

  /** jsonb, parsed: its send format is a version byte (1) and then the text. */
  jsonb(field: number): unknown {
    const start = this.start(field);
    const length = this.lengths[field] ?? -1;
    if (length < 1 || this.buffer[start] !== 1) throw new Error(`field ${field} of a COPY row is not jsonb`);
    return JSON.parse(this.buffer.toString('utf8', start + 1, start + length));
  }

  /**
   * The bytes of fields `first` to `last` (their lengths included) as a latin1 string: a key that two rows
   * share exactly when those fields are the same.
   */
  key(first: number, last: number): string {
    return this.buffer.toString('latin1', this.start(first) - 4, this.start(last) + Math.max(this.lengths[last] ?? 0, 0));
  }

  private fixed(field: number, length: number, what: string): number {
    if (this.lengths[field] !== length) throw new Error(`field ${field} of a COPY row is not ${what}`);
    return this.start(field);
  }
}
