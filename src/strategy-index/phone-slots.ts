import { phoneKey } from './phone-keys.js';
import { tableLengthFor } from './typed-arrays.js';

const EMPTY = -1;
// In `owners`: the number has several owners, listed in `shared`.
const SHARED = -2;

/**
 * Customer slots by phone number (see phoneKey): open addressing over one Float64Array of (key, owner)
 * pairs, at most half full, so a probe reads one cache line and not one in each of two arrays. Nearly every
 * number has one owner, kept in place; the few shared numbers list theirs in a Map.
 */
export class PhoneSlots {
  // Cell i: its key at 2i, its owner (a customer slot, EMPTY or SHARED) at 2i + 1.
  private cells = emptyCells(64);
  private shared = new Map<number, number[]>();
  size = 0;

  /** The owners of `number` (text), none when it is not E.164. */
  ownersOf(number: string): readonly number[] {
    const key = phoneKey(number);
    if (Number.isNaN(key)) return [];
    const owner = this.ownerAt(this.cellOf(key));
    return owner === EMPTY ? [] : owner === SHARED ? (this.shared.get(key) ?? []) : [owner];
  }

  /** Makes room for `entries` numbers at once, so a load of that many never rehashes. */
  reserve(entries: number): void {
    const length = tableLengthFor(entries);
    if (length > this.length) this.rehash(length);
  }

  add(key: number, slot: number): void {
    let cell = this.cellOf(key);
    const owner = this.ownerAt(cell);
    if (owner === EMPTY) {
      if ((this.size + 1) * 2 > this.length) {
        this.rehash(this.length * 2);
        cell = this.cellOf(key);
      }
      this.cells[2 * cell] = key;
      this.cells[2 * cell + 1] = slot;
      this.size++;
    } else if (owner === SHARED) this.shared.get(key)?.push(slot);
    else if (owner !== slot) {
      this.cells[2 * cell + 1] = SHARED;
      this.shared.set(key, [owner, slot]);
    }
  }

  remove(key: number, slot: number): void {
    const cell = this.cellOf(key);
    const owner = this.ownerAt(cell);
    if (owner === SHARED) {
      const rest = (this.shared.get(key) ?? []).filter((s) => s !== slot);
      const [only] = rest;
      if (rest.length > 1) this.shared.set(key, rest);
      else {
        this.shared.delete(key);
        if (only === undefined) this.clear(cell);
        else this.cells[2 * cell + 1] = only;
      }
    } else if (owner === slot) this.clear(cell);
  }

  private get length(): number {
    return this.cells.length / 2;
  }

  private ownerAt(cell: number): number {
    return this.cells[2 * cell + 1] ?? EMPTY;
  }

  /** The cell holding `key`, or the empty cell where it would go. */
  private cellOf(key: number): number {
    const { cells } = this;
    const mask = cells.length / 2 - 1;
    let cell = hash(key) & mask;
    while (cells[2 * cell + 1] !== EMPTY && cells[2 * cell] !== key) cell = (cell + 1) & mask;
    return cell;
  }

  // Backward-shift deletion: later entries of the run move up into the hole, so no tombstones build up.
  private clear(cell: number): void {
    const { cells } = this;
    const mask = cells.length / 2 - 1;
    let hole = cell;
    cells[2 * hole + 1] = EMPTY;
    for (let i = (hole + 1) & mask; cells[2 * i + 1] !== EMPTY; i = (i + 1) & mask) {
      const home = hash(cells[2 * i] ?? 0) & mask;
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        cells[2 * hole] = cells[2 * i] ?? 0;
        cells[2 * hole + 1] = cells[2 * i + 1] ?? EMPTY;
        cells[2 * i + 1] = EMPTY;
        hole = i;
      }
    }
    this.size--;
  }

  private rehash(length: number): void {
    const old = this.cells;
    this.cells = emptyCells(length);
    for (let i = 0; i < old.length; i += 2) {
      const owner = old[i + 1] ?? EMPTY;
      if (owner === EMPTY) continue;
      const key = old[i] ?? 0;
      const cell = this.cellOf(key);
      this.cells[2 * cell] = key;
      this.cells[2 * cell + 1] = owner;
    }
  }
}

function emptyCells(length: number): Float64Array {
  const cells = new Float64Array(2 * length);
  for (let i = 1; i < cells.length; i += 2) cells[i] = EMPTY;
  return cells;
}

function hash(key: number): number {
  const low = key >>> 0;
  const high = Math.floor(key / 4294967296);
  let h = Math.imul(low ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ high ^ (h >>> 15), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
