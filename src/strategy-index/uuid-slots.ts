import { tableLengthFor } from './typed-arrays.js';
import { UuidColumn } from './uuid-column.js';

/**
 * Slots by UUID: an open-addressing table (linear probing, at most half full) over the ids of a UuidColumn.
 * Each cell holds its slot and its id's hash side by side, so a probe compares hashes in the cell it has
 * already read and looks at an id (elsewhere in memory) only when they match. A Map keyed by id strings
 * would cost about 90 bytes a customer; this costs 16 to 32.
 */
export class UuidSlots {
  readonly ids: UuidColumn;
  // Cell i: slot + 1 at 2i (0 when empty), the id's hash at 2i + 1.
  private table = new Int32Array(2 * 64);
  private size = 0;

  constructor(capacity: number) {
    this.ids = new UuidColumn(capacity);
  }

  /** The slot of `id`, or -1 (also when `id` is no UUID). */
  find(id: string): number {
    return this.ids.readId(id) ? this.findProbe() : -1;
  }

  /** The slot of the id last read into `ids.probe`, or -1. */
  findProbe(): number {
    const table = this.table;
    const mask = table.length / 2 - 1;
    const hash = this.ids.hash(-1) | 0;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const entry = table[2 * i] ?? 0;
      if (entry === 0) return -1;
      if (table[2 * i + 1] === hash && this.ids.matchesProbe(entry - 1)) return entry - 1;
    }
  }

  /** Makes room for `entries` ids at once, so a load of that many never rehashes. */
  reserve(entries: number): void {
    const length = tableLengthFor(entries);
    if (length > this.table.length / 2) this.rehash(length);
  }

  /** Gives `slot` the id last read into `ids.probe`, which no slot may hold yet. */
  addProbe(slot: number): void {
    if ((this.size + 1) * 2 > this.table.length / 2) this.rehash(this.table.length);
    this.ids.setFromProbe(slot);
    this.place(slot, this.ids.hash(slot) | 0);
    this.size++;
  }

  remove(slot: number): void {
    const table = this.table;
    const mask = table.length / 2 - 1;
    let hole = this.ids.hash(slot) & mask;
    while (table[2 * hole] !== slot + 1) {
      if (table[2 * hole] === 0) return;
      hole = (hole + 1) & mask;
    }
    // Backward-shift deletion: later entries of the run move up into the hole, so no tombstones build up.
    table[2 * hole] = 0;
    for (let i = (hole + 1) & mask; (table[2 * i] ?? 0) !== 0; i = (i + 1) & mask) {
      const home = (table[2 * i + 1] ?? 0) & mask;
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        table[2 * hole] = table[2 * i] ?? 0;
        table[2 * hole + 1] = table[2 * i + 1] ?? 0;
        table[2 * i] = 0;
        hole = i;
      }
    }
    this.size--;
  }

  private place(slot: number, hash: number): void {
    const table = this.table;
    const mask = table.length / 2 - 1;
    let i = hash & mask;
    while (table[2 * i] !== 0) i = (i + 1) & mask;
    table[2 * i] = slot + 1;
    table[2 * i + 1] = hash;
  }

  /** A table of `length` cells holding what this one does. */
  private rehash(length: number): void {
    const old = this.table;
    this.table = new Int32Array(2 * length);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.place((old[i] ?? 0) - 1, old[i + 1] ?? 0);
  }
}
