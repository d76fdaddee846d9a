import type { DecisionCustomer, StaffContact } from '../core/call-decision/call-decision.js';
import { isInForce, type EnforceableStrategy } from '../core/contact-strategy.js';
import type { E164 } from '../core/phone-number.js';
import type { Restriction } from '../core/restriction.js';

export interface IndexedCustomer extends DecisionCustomer {
  numbers: E164[];
  strategies: EnforceableStrategy[];
}

export interface IndexedCaller {
  customer: DecisionCustomer;
  strategies: EnforceableStrategy[];
  staff: ReadonlyMap<string, StaffContact>;
}

/**
 * The strategies that can be in force, keyed by E.164 number, so deciding a call needs no database
 * round trip. Holds only authorised strategies (the rest change nothing); whether each is in force is
 * still decided at call time, so starts, ends, lapses and windows need no timer.
 */
export class StrategyIndex {
  private byNumber = new Map<E164, string[]>();
  private customers = new Map<string, IndexedCustomer>();
  private staff = new Map<string, StaffContact>();
  // Many strategies carry the same restrictions ([{type:'bar'}]): keep one copy of each set.
  private restrictionSets = new Map<string, Restriction[]>();
  loadedAt: Date | null = null;

  get numbers(): number {
    return this.byNumber.size;
  }

  get size(): { customers: number; numbers: number; staff: number } {
    return { customers: this.customers.size, numbers: this.byNumber.size, staff: this.staff.size };
  }

  /** Replaces everything at once (start and periodic reconcile). */
  replaceAll(customers: Iterable<IndexedCustomer>, staff: Iterable<StaffContact>, at: Date): void {
    const next = new StrategyIndex();
    for (const customer of customers) next.putCustomer(customer);
    for (const member of staff) next.putStaff(member);
    this.byNumber = next.byNumber;
    this.customers = next.customers;
    this.staff = next.staff;
    this.restrictionSets = next.restrictionSets;
    this.loadedAt = at;
  }

  /** Adds or replaces one customer; a customer with no strategies left is removed. */
  putCustomer(customer: IndexedCustomer): void {
    this.removeCustomer(customer.id);
    if (customer.strategies.length === 0) return;
    const entry: IndexedCustomer = { ...customer, strategies: customer.strategies.map((s) => ({ ...s, restrictions: this.intern(s.restrictions) })) };
    this.customers.set(customer.id, entry);
    for (const number of customer.numbers) {
      const owners = this.byNumber.get(number);
      if (owners) owners.push(customer.id);
      else this.byNumber.set(number, [customer.id]);
    }
  }

  removeCustomer(customerId: string): void {
    const existing = this.customers.get(customerId);
    if (!existing) return;
    this.customers.delete(customerId);
    for (const number of existing.numbers) {
      const owners = this.byNumber.get(number)?.filter((id) => id !== customerId) ?? [];
      if (owners.length > 0) this.byNumber.set(number, owners);
      else this.byNumber.delete(number);
    }
  }

  putStaff(member: StaffContact | null, staffId?: string): void {
    if (member) this.staff.set(member.id, member);
    else if (staffId) this.staff.delete(staffId);
  }

  /** The caller's customer and strategies; with several owners of one number, the one with a strategy in force. */
  lookup(number: E164, now: Date, lapseAfterDays?: number): IndexedCaller | null {
    const owners = (this.byNumber.get(number) ?? []).flatMap((id) => this.customers.get(id) ?? []);
    const chosen = owners.find((c) => c.strategies.some((s) => isInForce(s, now, lapseAfterDays))) ?? owners[0];
    if (!chosen) return null;
    const staff = new Map<string, StaffContact>();
    for (const strategy of chosen.strategies) {
      for (const r of strategy.restrictions) {
        if (r.type !== 'spoc') continue;
        for (const id of [r.staffId, r.deputyStaffId]) {
          const member = id ? this.staff.get(id) : undefined;
          if (member) staff.set(member.id, member);
        }
      }
    }
    const { numbers: _numbers, strategies, ...customer } = chosen;
    return { customer, strategies, staff };
  }

  private intern(list: Restriction[]): Restriction[] {
    const key = JSON.stringify(list);
    const known = this.restrictionSets.get(key);
    if (known) return known;
    this.restrictionSets.set(key, list);
    return list;
  }
}
