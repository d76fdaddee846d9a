import { hex4 } from './hex.js';

/** U+001F, the unit separator: never in the fixed-format fields, and left alone by COPY's text format. */
export const LINE_SEPARATOR = '\x1f';
/** The same separator in SQL, for the query that writes the lines. */
export const LINE_SEPARATOR_SQL = String.raw`E'\x1f'`;

/**
 * Reads the fields of one line in place, separated by LINE_SEPARATOR: their bounds first, then each field
 * parsed where it lies, so a line costs one string and not one per field. The last field runs to the end of
 * the line.
 */
export class LineFields {
  line = '';
  private readonly ends: Int32Array;

  constructor(private readonly count: number) {
    this.ends = new Int32Array(count);
  }

  read(line: string): void {
    this.line = line;
    let from = 0;
    for (let i = 0; i < this.count - 1; i++) {
      const at = line.indexOf(LINE_SEPARATOR, from);
      if (at < 0) throw new Error(`a strategy index row has ${i + 1} fields, not ${this.count}`);
      this.ends[i] = at;
      from = at + 1;
    }
    this.ends[this.count - 1] = line.length;
  }

  start(field: number): number {
    return field === 0 ? 0 : (this.ends[field - 1] ?? 0) + 1;
  }

  end(field: number): number {
    return this.ends[field] ?? 0;
  }

  isEmpty(field: number): boolean {
    return this.start(field) === this.end(field);
  }

  /** The field from `field` to the end of the line. */
  rest(field: number): string {
    return this.line.slice(this.start(field));
  }

  text(field: number): string {
    return this.line.slice(this.start(field), this.end(field));
  }

  /** The one of `options` the field spells. */
  choice<T extends string>(field: number, options: readonly T[]): T {
    const start = this.start(field);
    const length = this.end(field) - start;
    for (const option of options) if (option.length === length && this.line.startsWith(option, start)) return option;
    throw new Error(`field ${field} of a strategy index row is not one of ${options.join(', ')}`);
  }

  integer(field: number): number {
    const start = this.start(field);
    const negative = this.line.charCodeAt(start) === 45;
    const value = digits(this.line, negative ? start + 1 : start, this.end(field) - start - (negative ? 1 : 0));
    if (value < 0) throw new Error(`field ${field} of a strategy index row is not a whole number`);
    return negative ? -value : value;
  }

  /**
   * A timestamptz in epoch milliseconds (NaN when empty or infinite), sent as its binary value in hex
   * (`encode(timestamptz_send(t), 'hex')`): microseconds since 2000-01-01 UTC as a signed 64-bit number.
   * Exact, cheaper for PostgreSQL to write than text, and free of the session's time zone and date style.
   * Milliseconds are rounded down, as drizzle's Date from the text form drops the digits after them.
   */
  timestamp(field: number): number {
    const line = this.line;
    const start = this.start(field);
    const length = this.end(field) - start;
    if (length === 0) return NaN;
    const a = hex4(line, start);
    const b = hex4(line, start + 4);
    const c = hex4(line, start + 8);
    const d = hex4(line, start + 12);
    if (length !== 16 || (a | b | c | d) < 0) throw new Error(`field ${field} of a strategy index row is not a binary timestamp`);
    const high = (a << 16) | b; // signed
    const low = ((c << 16) | d) >>> 0;
    if ((high === 0x7fffffff && low === 0xffffffff) || (high === -0x80000000 && low === 0)) return NaN; // infinity
    // high * 2^32 + low microseconds, divided by 1000 exactly: 2^32 = 4294967 * 1000 + 296.
    return high * 4294967 + Math.floor((high * 296 + low) / 1000) + POSTGRES_EPOCH_MS;
  }
}

// 2000-01-01T00:00:00Z, where PostgreSQL counts its timestamps from.
const POSTGRES_EPOCH_MS = 946_684_800_000;

/** The decimal number in `count` characters from `at`, or -1 when they are not all digits. */
function digits(text: string, at: number, count: number): number {
  if (count <= 0) return -1;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}
