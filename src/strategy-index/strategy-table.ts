import { STORED_STRATEGY_STATUSES, type EnforceableStrategy, type StrategyStatus } from '../core/contact-strategy.js';
import type { Restriction } from '../core/restriction.js';
import { grownCapacity, resized, wantsCompacting, withSpare } from './typed-arrays.js';
import { UuidColumn } from './uuid-column.js';

/** What the index keeps of a strategy: times as epoch milliseconds, NaN for none. */
export interface StrategyFields {
  status: StrategyStatus;
  urgent: boolean;
  startsAt: number;
  endsAt: number;
  reviewAt: number;
  /** Whether the customer was notified; only whether it is set matters for enforcing. */
  notified: boolean;
  notifiedAt: number;
}

const URGENT = 1;
const NOTIFIED = 2;
// starts, ends, review, notified
const TIMES = 4;
const NO_RESTRICTIONS: Restriction[] = [];

/**
 * The index's strategies, column by column and addressed by slot: no Date objects, no copied strings.
 * Each customer's strategies are a list threaded through `next` (-1 ends it). Slots are reused.
 */
export class StrategyTable {
  readonly ids = new UuidColumn(0);
  private statuses = new Uint8Array(0);
  private flags = new Uint8Array(0);
  private times = new Float64Array(0);
  private nexts = new Int32Array(0);
  private restrictionLists: Restriction[][] = [];
  private free: number[] = [];
  private used = 0;

  /** A slot for a new strategy, whose id is the one last read into `ids.probe`. */
  add(fields: StrategyFields, restrictions: Restriction[]): number {
    const slot = this.free.pop() ?? this.used++;
    if (slot >= this.statuses.length) this.resize(grownCapacity(this.statuses.length, slot + 1));
    this.ids.setFromProbe(slot);
    this.statuses[slot] = STORED_STRATEGY_STATUSES.indexOf(fields.status);
    this.flags[slot] = (fields.urgent ? URGENT : 0) | (fields.notified ? NOTIFIED : 0);
    const at = slot * TIMES;
    this.times[at] = fields.startsAt;
    this.times[at + 1] = fields.endsAt;
    this.times[at + 2] = fields.reviewAt;
    this.times[at + 3] = fields.notifiedAt;
    this.nexts[slot] = -1;
    this.restrictionLists[slot] = restrictions;
    return slot;
  }

  remove(slot: number): void {
    this.restrictionLists[slot] = NO_RESTRICTIONS;
    this.free.push(slot);
  }

  next(slot: number): number {
    return this.nexts[slot] ?? -1;
  }

  setNext(slot: number, next: number): void {
    this.nexts[slot] = next;
  }

  setRestrictions(slot: number, restrictions: Restriction[]): void {
    this.restrictionLists[slot] = restrictions;
  }

  /** The strategy as enforcing reads it, with fresh Dates (made per call: cheaper than keeping them). */
  strategyAt(slot: number, customerId: string): EnforceableStrategy {
    const at = slot * TIMES;
    const flags = this.flags[slot] ?? 0;
    const endsAt = this.times[at + 1] ?? NaN;
    return {
      id: this.ids.idOf(slot),
      customerId,
      status: STORED_STRATEGY_STATUSES[this.statuses[slot] ?? 0] ?? 'authorised',
      startsAt: new Date(this.times[at] ?? NaN),
      endsAt: Number.isNaN(endsAt) ? null : new Date(endsAt),
      reviewAt: new Date(this.times[at + 2] ?? NaN),
      urgent: (flags & URGENT) !== 0,
      notification: (flags & NOTIFIED) !== 0 ? new Date(this.times[at + 3] ?? NaN) : null,
      restrictions: this.restrictionLists[slot] ?? NO_RESTRICTIONS,
    };
  }

  /** Makes room for `count` strategies at once (a full load that knows its size). */
  reserve(count: number): void {
    if (count > this.statuses.length) this.resize(withSpare(count));
  }

  /** Drops the spare room left by growing, after a full load. */
  compact(): void {
    if (wantsCompacting(this.statuses.length, this.used)) this.resize(withSpare(this.used));
    this.restrictionLists = this.restrictionLists.slice();
  }

  private resize(capacity: number): void {
    this.statuses = resized(this.statuses, capacity);
    this.flags = resized(this.flags, capacity);
    this.times = resized(this.times, capacity * TIMES);
    this.nexts = resized(this.nexts, capacity);
    this.ids.resize(capacity);
  }
}
