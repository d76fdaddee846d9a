import type { DecisionCustomer } from '../core/call-decision/call-decision.js';
import type { EnforceableStrategy } from '../core/contact-strategy.js';
import type { E164 } from '../core/phone-number.js';
import type { Restriction } from '../core/restriction.js';
import { CustomerTable } from './customer-table.js';
import { phoneKey } from './phone-keys.js';
import { PhoneSlots } from './phone-slots.js';
import { StrategyTable, type StrategyFields } from './strategy-table.js';
import type { IndexedCustomer } from './strategy-index.js';

/**
 * What the strategy index holds: customers and strategies in compact tables, and numbers to customers.
 * A full load builds a new one beside the one in use, then swaps it in.
 */
export class IndexContents {
  readonly customers = new CustomerTable();
  readonly strategies = new StrategyTable();
  private readonly phones = new PhoneSlots();
  // Many strategies carry the same restrictions ([{type:'bar'}]): keep one copy of each set.
  private restrictionSets = new Map<string, Restriction[]>();

  get numberCount(): number {
    return this.phones.size;
  }

  /** Adds or replaces one customer; a customer with no strategies left is removed. */
  putCustomer(customer: IndexedCustomer): void {
    // Ids are kept as UUIDs (see UuidColumn): refuse anything else before changing a thing.
    const notUuid = [customer.id, ...customer.strategies.map((s) => s.id)].find((id) => !this.strategies.ids.readId(id));
    if (notUuid !== undefined) throw new Error(`strategy index ids must be UUIDs, not ${notUuid}`);
    this.removeCustomer(customer.id);
    if (customer.strategies.length === 0) return;
    this.customers.slots.ids.readId(customer.id);
    const slot = this.customers.add(customer.language);
    this.customers.names.set(slot, customer.name);
    this.customers.needs.set(slot, customer.communicationNeeds);
    for (const number of customer.numbers) {
      const key = phoneKey(number);
      if (!Number.isNaN(key)) this.addNumber(slot, key);
    }
    for (const strategy of customer.strategies) {
      this.strategies.ids.readId(strategy.id);
      this.addStrategy(slot, fieldsOf(strategy), this.internRestrictions(strategy.restrictions));
    }
  }

  removeCustomer(customerId: string): void {
    const slot = this.customers.slots.find(customerId);
    if (slot < 0) return;
    for (const key of this.customers.numbersOf(slot)) this.phones.remove(key, slot);
    for (let s = this.customers.firstStrategy(slot); s >= 0; s = this.strategies.next(s)) this.strategies.remove(s);
    this.customers.remove(slot);
  }

  /** The slots of the customers with this number. */
  ownersOf(number: E164): readonly number[] {
    return this.phones.ownersOf(number);
  }

  customerAt(slot: number): DecisionCustomer {
    return this.customers.customerAt(slot);
  }

  strategiesOf(slot: number, customerId: string): EnforceableStrategy[] {
    const strategies: EnforceableStrategy[] = [];
    for (let s = this.customers.firstStrategy(slot); s >= 0; s = this.strategies.next(s)) strategies.push(this.strategies.strategyAt(s, customerId));
    return strategies;
  }

  /** Gives the customer a number (its phone key). */
  addNumber(slot: number, key: number): void {
    if (this.customers.addNumber(slot, key)) this.phones.add(key, slot);
  }

  /** The customer's strategy whose id was last read into `strategies.ids.probe`, or -1. */
  findStrategy(customerSlot: number): number {
    for (let s = this.customers.firstStrategy(customerSlot); s >= 0; s = this.strategies.next(s)) if (this.strategies.ids.matchesProbe(s)) return s;
    return -1;
  }

  /** Adds a strategy (id in `strategies.ids.probe`) after the customer's others. */
  addStrategy(customerSlot: number, fields: StrategyFields, restrictions: Restriction[]): number {
    const slot = this.strategies.add(fields, restrictions);
    let last = this.customers.firstStrategy(customerSlot);
    if (last < 0) this.customers.setFirstStrategy(customerSlot, slot);
    else {
      while (this.strategies.next(last) >= 0) last = this.strategies.next(last);
      this.strategies.setNext(last, slot);
    }
    return slot;
  }

  internRestrictions(list: Restriction[]): Restriction[] {
    const key = JSON.stringify(list);
    const known = this.restrictionSets.get(key);
    if (known) return known;
    this.restrictionSets.set(key, list);
    return list;
  }

  /**
   * Makes room for about `strategies` strategies, with as many customers and numbers (most customers under
   * strategy have one of each), before a full load adds them: growing a million entries by doubling
   * copies and rehashes each table twenty times. A wrong guess costs nothing but the room; compact() trims
   * the tables it can.
   */
  reserve(strategies: number): void {
    this.customers.reserve(strategies);
    this.strategies.reserve(strategies);
    this.phones.reserve(strategies);
  }

  /** Drops the spare room left by growing, after a full load. */
  compact(): void {
    this.customers.compact();
    this.strategies.compact();
  }
}

function fieldsOf(strategy: EnforceableStrategy): StrategyFields {
  const { notification } = strategy;
  return {
    status: strategy.status,
    urgent: strategy.urgent,
    startsAt: strategy.startsAt.getTime(),
    endsAt: strategy.endsAt ? strategy.endsAt.getTime() : NaN,
    reviewAt: strategy.reviewAt.getTime(),
    // Enforcing only asks whether it is set; a Date's time is kept so lookups give an equal Date back.
    notified: notification !== null,
    notifiedAt: notification instanceof Date ? notification.getTime() : NaN,
  };
}
