import { phoneKey } from './phone-keys.js';
import { tableLengthFor } from './typed-arrays.js';

const EMPTY = -1;
// In `owners`: the number has several owners, listed in `shared`.
const SHARED = -2;

/**
 * Customer slots by phone number (see phoneKey): open addressing over a Float64Array of keys, at most half
 * full. Nearly every number has one owner, kept in place; the few shared numbers list theirs in a Map.
 */
export class PhoneSlots {
  private keys = new Float64Array(64);
  private owners = new Int32Array(64).fill(EMPTY);
  private shared = new Map<number, number[]>();
  size = 0;

  /** The owners of `number` (text), none when it is not E.164. */
  ownersOf(number: string): readonly number[] {
    const key = phoneKey(number);
    if (Number.isNaN(key)) return [];
    const cell = this.cellOf(key);
    const owner = this.owners[cell] ?? EMPTY;
    return owner === EMPTY ? [] : owner === SHARED ? (this.shared.get(key) ?? []) : [owner];
  }

  /** Makes room for `entries` numbers at once, so a load of that many never rehashes. */
  reserve(entries: number): void {
    const length = tableLengthFor(entries);
    if (length > this.keys.length) this.rehash(length);
  }

  add(key: number, slot: number): void {
    let cell = this.cellOf(key);
    const owner = this.owners[cell] ?? EMPTY;
    if (owner === EMPTY) {
      if ((this.size + 1) * 2 > this.keys.length) {
        this.rehash(this.keys.length * 2);
        cell = this.cellOf(key);
      }
      this.keys[cell] = key;
      this.owners[cell] = slot;
      this.size++;
    } else if (owner === SHARED) this.shared.get(key)?.push(slot);
    else if (owner !== slot) {
      this.owners[cell] = SHARED;
      this.shared.set(key, [owner, slot]);
    }
  }

  remove(key: number, slot: number): void {
    const cell = this.cellOf(key);
    const owner = this.owners[cell] ?? EMPTY;
    if (owner === SHARED) {
      const rest = (this.shared.get(key) ?? []).filter((s) => s !== slot);
      const [only] = rest;
      if (rest.length > 1) this.shared.set(key, rest);
      else {
        this.shared.delete(key);
        if (only === undefined) this.clear(cell);
        else this.owners[cell] = only;
      }
    } else if (owner === slot) this.clear(cell);
  }

  /** The cell holding `key`, or the empty cell where it would go. */
  private cellOf(key: number): number {
    const mask = this.keys.length - 1;
    let cell = hash(key) & mask;
    while (this.owners[cell] !== EMPTY && this.keys[cell] !== key) cell = (cell + 1) & mask;
    return cell;
  }

  // Backward-shift deletion: later entries of the run move up into the hole, so no tombstones build up.
  private clear(cell: number): void {
    const { keys, owners } = this;
    const mask = keys.length - 1;
    let hole = cell;
    owners[hole] = EMPTY;
    for (let i = (hole + 1) & mask; owners[i] !== EMPTY; i = (i + 1) & mask) {
      const home = hash(keys[i] ?? 0) & mask;
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        keys[hole] = keys[i] ?? 0;
        owners[hole] = owners[i] ?? EMPTY;
        owners[i] = EMPTY;
        hole = i;
      }
    }
    this.size--;
  }

  private rehash(length: number): void {
    const { keys, owners } = this;
    this.keys = new Float64Array(length);
    this.owners = new Int32Array(length).fill(EMPTY);
    for (let i = 0; i < keys.length; i++) {
      const owner = owners[i] ?? EMPTY;
      if (owner === EMPTY) continue;
      const key = keys[i] ?? 0;
      const cell = this.cellOf(key);
      this.keys[cell] = key;
      this.owners[cell] = owner;
    }
  }
}

function hash(key: number): number {
  const low = key >>> 0;
  const high = Math.floor(key / 4294967296);
  let h = Math.imul(low ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ high ^ (h >>> 15), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
