import { resized } from './typed-arrays.js';

// Texts are kept in chunks of this many bytes (a longer text gets a chunk of its own): a column that grows
// never copies what it holds, and leaves at most one chunk's spare room.
const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;
// Chunk number and offset share an Int32: 2^11 chunks.
const MAX_CHUNKS = 1 << (31 - CHUNK_BITS);

/**
 * Texts by slot (null allowed), as UTF-8 bytes in a few large buffers, read back as strings when asked for:
 * a million customers' names cost their bytes instead of a million strings on the heap, which a full load
 * would also copy through the young generation. A text replaced or removed leaves its bytes behind until
 * the next full load builds a new column.
 */
export class TextColumn {
  private chunks: Buffer[] = [];
  private chunk = Buffer.alloc(0);
  private used = 0;
  // (chunk << CHUNK_BITS) | offset.
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
    const offset = start & (CHUNK - 1);
    return this.chunks[start >>> CHUNK_BITS]?.toString('utf8', offset, offset + length) ?? null;
  }

  set(slot: number, text: string | null): void {
    if (text === null) return void (this.lengths[slot] = -1);
    const length = Buffer.byteLength(text);
    this.makeRoom(length);
    this.chunk.write(text, this.used, 'utf8');
    this.keep(slot, length);
  }

  /** The `length` bytes (UTF-8) at `start` in `source`; a negative length for null. */
  setBytes(slot: number, source: Uint8Array, start: number, length: number): void {
    if (length < 0) return void (this.lengths[slot] = -1);
    this.makeRoom(length);
    // Names are short: a loop beats making a view of the source for a native copy.
    const { chunk, used } = this;
    for (let i = 0; i < length; i++) chunk[used + i] = source[start + i] ?? 0;
    this.keep(slot, length);
  }

  private keep(slot: number, length: number): void {
    this.starts[slot] = ((this.chunks.length - 1) << CHUNK_BITS) | this.used;
    this.lengths[slot] = length;
    this.used += length;
  }

  private makeRoom(length: number): void {
    if (this.used + length <= this.chunk.length) return;
    if (this.chunks.length === MAX_CHUNKS) throw new Error(`a text column holds at most ${MAX_CHUNKS} MiB`);
    // Uninitialised: only what has been written is ever read.
    this.chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK, length));
    this.chunks.push(this.chunk);
    this.used = 0;
  }
}
