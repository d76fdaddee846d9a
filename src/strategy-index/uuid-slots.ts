import { tableLengthFor } from './typed-arrays.js';
import { UuidColumn } from './uuid-column.js';

/**
 * Slots by UUID: an open-addressing table (linear probing, at most half full) over the ids of a UuidColumn.
 * A Map keyed by id strings would cost about 90 bytes a customer; this costs 8 to 16.
 */
export class UuidSlots {
  readonly ids: UuidColumn;
  // slot + 1 in each used cell, 0 in empty ones.
  private table = new Int32Array(64);
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
    const mask = table.length - 1;
    for (let i = this.ids.hash(-1) & mask; ; i = (i + 1) & mask) {
      const entry = table[i] ?? 0;
      if (entry === 0) return -1;
      if (this.ids.matchesProbe(entry - 1)) return entry - 1;
    }
  }

  /** Makes room for `entries` ids at once, so a load of that many never rehashes. */
  reserve(entries: number): void {
    const length = tableLengthFor(entries);
    if (length > this.table.length) this.rehash(length);
  }

  /** Gives `slot` the id last read into `ids.probe`, which no slot may hold yet. */
  addProbe(slot: number): void {
    if ((this.size + 1) * 2 > this.table.length) this.rehash(this.table.length * 2);
    this.ids.setFromProbe(slot);
    this.place(slot);
    this.size++;
  }

  remove(slot: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let hole = this.ids.hash(slot) & mask;
    while (table[hole] !== slot + 1) {
      if (table[hole] === 0) return;
      hole = (hole + 1) & mask;
    }
    // Backward-shift deletion: later entries of the run move up into the hole, so no tombstones build up.
    table[hole] = 0;
    for (let i = (hole + 1) & mask; (table[i] ?? 0) !== 0; i = (i + 1) & mask) {
      const entry = table[i] ?? 0;
      const home = this.ids.hash(entry - 1) & mask;
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        table[hole] = entry;
        table[i] = 0;
        hole = i;
      }
    }
    this.size--;
  }

  private place(slot: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let i = this.ids.hash(slot) & mask;
    while (table[i] !== 0) i = (i + 1) & mask;
    table[i] = slot + 1;
  }

  private rehash(length: number): void {
    const old = this.table;
    this.table = new Int32Array(length);
    for (const entry of old) if (entry !== 0) this.place(entry - 1);
  }
}
