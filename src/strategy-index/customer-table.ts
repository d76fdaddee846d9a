import { LANGUAGES, type Language } from '../core/customer.js';
import type { DecisionCustomer } from '../core/call-decision/call-decision.js';
import { TextColumn } from './text-column.js';
import { grownCapacity, resized, wantsCompacting, withSpare } from './typed-arrays.js';
import { UuidSlots } from './uuid-slots.js';

/**
 * The index's customers, column by column and addressed by slot, so a customer costs a few array cells
 * and its name instead of an object graph. Slots of removed customers are reused.
 */
export class CustomerTable {
  readonly slots = new UuidSlots(0);
  readonly names = new TextColumn();
  /** Communication needs. */
  readonly needs = new TextColumn();
  // Phone keys (see phoneKey): the first in place (NaN for none), any others in a Map, as few have them.
  private firstNumbers = new Float64Array(0);
  private moreNumbers = new Map<number, number[]>();
  private languages = new Uint8Array(0);
  private firstStrategies = new Int32Array(0);
  private free: number[] = [];
  private used = 0;
  count = 0;

  /**
   * A slot for a new customer, whose id is the one last read into `slots.ids.probe`. Its name and needs
   * are set in `names` and `needs` (from a string, or from a load row's bytes).
   */
  add(language: Language): number {
    const slot = this.free.pop() ?? this.used++;
    if (slot >= this.languages.length) this.resize(grownCapacity(this.languages.length, slot + 1));
    this.slots.addProbe(slot);
    this.firstNumbers[slot] = NaN;
    this.languages[slot] = LANGUAGES.indexOf(language);
    this.firstStrategies[slot] = -1;
    this.count++;
    return slot;
  }

  remove(slot: number): void {
    this.slots.remove(slot);
    this.names.set(slot, null);
    this.needs.set(slot, null);
    this.firstNumbers[slot] = NaN;
    this.moreNumbers.delete(slot);
    this.free.push(slot);
    this.count--;
  }

  customerAt(slot: number): DecisionCustomer {
    return {
      id: this.slots.ids.idOf(slot),
      name: this.names.get(slot) ?? '',
      language: LANGUAGES[this.languages[slot] ?? 0] ?? 'en-GB',
      communicationNeeds: this.needs.get(slot),
    };
  }

  numbersOf(slot: number): readonly number[] {
    const first = this.firstNumbers[slot] ?? NaN;
    return Number.isNaN(first) ? [] : [first, ...(this.moreNumbers.get(slot) ?? [])];
  }

  /** Adds a number (its phone key) to the customer; false when it has it already. */
  addNumber(slot: number, key: number): boolean {
    const first = this.firstNumbers[slot] ?? NaN;
    if (Number.isNaN(first)) this.firstNumbers[slot] = key;
    else if (first === key) return false;
    else {
      const more = this.moreNumbers.get(slot);
      if (more === undefined) this.moreNumbers.set(slot, [key]);
      else if (more.includes(key)) return false;
      else more.push(key);
    }
    return true;
  }

  /** The first of the customer's strategies (a list threaded through the strategy table), or -1. */
  firstStrategy(slot: number): number {
    return this.firstStrategies[slot] ?? -1;
  }

  setFirstStrategy(slot: number, strategy: number): void {
    this.firstStrategies[slot] = strategy;
  }

  /** Makes room for `count` customers at once (a full load that knows its size). */
  reserve(count: number): void {
    if (count > this.languages.length) this.resize(withSpare(count));
    this.slots.reserve(count);
  }

  /** Drops the spare room left by growing, after a full load. */
  compact(): void {
    if (wantsCompacting(this.languages.length, this.used)) this.resize(withSpare(this.used));
  }

  private resize(capacity: number): void {
    this.languages = resized(this.languages, capacity);
    this.firstNumbers = resized(this.firstNumbers, capacity);
    this.firstStrategies = resized(this.firstStrategies, capacity);
    this.names.resize(capacity);
    this.needs.resize(capacity);
    this.slots.ids.resize(capacity);
  }
}
