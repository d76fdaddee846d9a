import { resized } from './typed-arrays.js';

/**
 * Texts by slot (null allowed), as UTF-8 bytes in one pool, read back as strings when asked for: a million
 * customers' names cost their bytes instead of a million strings on the heap, which a full load would also
 * copy through the young generation. A text replaced or removed leaves its bytes in the pool until the next
 * full load builds a new one.
 */
export class TextColumn {
  private pool = Buffer.alloc(0);
  private used = 0;
  private starts = new Int32Array(0);
  // -1 for null.
  private lengths = new Int32Array(0);

  resize(capacity: number): void {
    this.starts = resized(this.starts, capacity);
    this.lengths = resized(this.lengths, capacity);
  }

  get(slot: number): string | null {
    const length = this.lengths[slot] ?? -1;
    if (length < 0) return null;
    const start = this.starts[slot] ?? 0;
    return this.pool.toString('utf8', start, start + length);
  }

  set(slot: number, text: string | null): void {
    if (text === null) return void (this.lengths[slot] = -1);
    const length = Buffer.byteLength(text);
    this.makeRoom(length);
    this.pool.write(text, this.used, 'utf8');
    this.keep(slot, length);
  }

  /** The `length` bytes (UTF-8) at `start` in `source`; a negative length for null. */
  setBytes(slot: number, source: Uint8Array, start: number, length: number): void {
    if (length < 0) return void (this.lengths[slot] = -1);
    this.makeRoom(length);
    // Names are short: a loop beats making a view of the source for a native copy.
    const { pool, used } = this;
    for (let i = 0; i < length; i++) pool[used + i] = source[start + i] ?? 0;
    this.keep(slot, length);
  }

  /** Drops the pool's spare room, after a full load. */
  compact(): void {
    if (this.pool.length > this.used) this.pool = Buffer.from(this.pool.subarray(0, this.used));
  }

  private keep(slot: number, length: number): void {
    this.starts[slot] = this.used;
    this.lengths[slot] = length;
    this.used += length;
  }

  private makeRoom(length: number): void {
    if (this.used + length <= this.pool.length) return;
    const next = Buffer.alloc(Math.max(this.used + length, this.pool.length * 2, 4096));
    this.pool.copy(next, 0, 0, this.used);
    this.pool = next;
  }
}
