import { hex4 } from './hex.js';
import { resized } from './typed-arrays.js';

const WORDS = 4;

/**
 * UUIDs by slot, as four 32-bit words each: 16 bytes instead of a 36-character string (about 56 bytes of
 * heap). The index holds two per customer under strategy, so this is a good part of its memory. An id is
 * read into `probe` (from a string by `readId`; a full load writes its bytes there, see BinaryRow.uuid),
 * then found, compared or stored from there.
 */
export class UuidColumn {
  /** The id last read, by `readId` or by a load row. */
  readonly probe = new Uint32Array(WORDS);
  private words: Uint32Array;

  constructor(capacity: number) {
    this.words = new Uint32Array(capacity * WORDS);
  }

  resize(capacity: number): void {
    this.words = resized(this.words, capacity * WORDS);
  }

  /** Reads `id` into the probe when it is a UUID (either case); false when it is not. */
  readId(id: string): boolean {
    if (id.length !== 36 || id.charCodeAt(8) !== 45 || id.charCodeAt(13) !== 45 || id.charCodeAt(18) !== 45 || id.charCodeAt(23) !== 45) return false;
    const a = hex4(id, 0);
    const b = hex4(id, 4);
    const c = hex4(id, 9);
    const d = hex4(id, 14);
    const e = hex4(id, 19);
    const f = hex4(id, 24);
    const g = hex4(id, 28);
    const h = hex4(id, 32);
    if ((a | b | c | d | e | f | g | h) < 0) return false;
    const probe = this.probe;
    probe[0] = (a << 16) | b;
    probe[1] = (c << 16) | d;
    probe[2] = (e << 16) | f;
    probe[3] = (g << 16) | h;
    return true;
  }

  /** Stores the probe's id at `slot`. */
  setFromProbe(slot: number): void {
    this.words.set(this.probe, slot * WORDS);
  }

  matchesProbe(slot: number): boolean {
    const words = this.words;
    const probe = this.probe;
    const at = slot * WORDS;
    return words[at] === probe[0] && words[at + 1] === probe[1] && words[at + 2] === probe[2] && words[at + 3] === probe[3];
  }

  /** A well-mixed 32-bit hash of the id at `slot`, or of the probe (slot -1). */
  hash(slot: number): number {
    const source = slot < 0 ? this.probe : this.words;
    const at = slot < 0 ? 0 : slot * WORDS;
    let h = Math.imul((source[at] ?? 0) ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ (source[at + 1] ?? 0) ^ (h >>> 15), 0xc2b2ae35);
    h = Math.imul(h ^ (source[at + 2] ?? 0) ^ (h >>> 13), 0x27d4eb2f);
    h = Math.imul(h ^ (source[at + 3] ?? 0) ^ (h >>> 16), 0x165667b1);
    return (h ^ (h >>> 15)) >>> 0;
  }

  /** The id at `slot` in canonical form (lower case, as PostgreSQL writes it). */
  idOf(slot: number): string {
    const at = slot * WORDS;
    const [a, b, c, d] = [hex8(this.words[at]), hex8(this.words[at + 1]), hex8(this.words[at + 2]), hex8(this.words[at + 3])];
    return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
  }
}

const hex8 = (word: number | undefined) => (word ?? 0).toString(16).padStart(8, '0');
