import type { DecisionCustomer, StaffContact } from '../core/call-decision/call-decision.js';
import { isInForce, type EnforceableStrategy } from '../core/contact-strategy.js';
import type { E164 } from '../core/phone-number.js';
import { IndexContents } from './index-contents.js';

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
 *
 * It is held compactly (see IndexContents): a million numbers take about 200 MB. The customer and
 * strategy objects a lookup returns are made for that lookup.
 */
export class StrategyIndex {
  private contents = new IndexContents();
  private staff = new Map<string, StaffContact>();
  loadedAt: Date | null = null;

  get numbers(): number {
    return this.contents.numberCount;
  }

  get size(): { customers: number; numbers: number; staff: number } {
    return { customers: this.contents.customers.count, numbers: this.contents.numberCount, staff: this.staff.size };
  }

  /** Replaces everything at once with these customers. */
  replaceAll(customers: Iterable<IndexedCustomer>, staff: Iterable<StaffContact>, at: Date): void {
    const contents = new IndexContents();
    for (const customer of customers) contents.putCustomer(customer);
    contents.compact();
    this.replaceWith(contents, staff, at);
  }

  /** Replaces everything with contents loaded in bulk (start and periodic reconcile: see loadIndexContents). */
  replaceWith(contents: IndexContents, staff: Iterable<StaffContact>, at: Date): void {
    this.contents = contents;
    this.staff = new Map([...staff].map((member) => [member.id, member]));
    this.loadedAt = at;
  }

  /** Adds or replaces one customer; a customer with no strategies left is removed. */
  putCustomer(customer: IndexedCustomer): void {
    this.contents.putCustomer(customer);
  }

  removeCustomer(customerId: string): void {
    this.contents.removeCustomer(customerId);
  }

  putStaff(member: StaffContact | null, staffId?: string): void {
    if (member) this.staff.set(member.id, member);
    else if (staffId) this.staff.delete(staffId);
  }

  /** The caller's customer and strategies; with several owners of one number, the one with a strategy in force. */
  lookup(number: E164, now: Date, lapseAfterDays?: number): IndexedCaller | null {
    let chosen: Omit<IndexedCaller, 'staff'> | null = null;
    for (const slot of this.contents.ownersOf(number)) {
      const customer = this.contents.customerAt(slot);
      const strategies = this.contents.strategiesOf(slot, customer.id);
      const inForce = strategies.some((s) => isInForce(s, now, lapseAfterDays));
      if (chosen === null || inForce) chosen = { customer, strategies };
      if (inForce) break;
    }
    return chosen && { ...chosen, staff: this.staffOf(chosen.strategies) };
  }

  private staffOf(strategies: readonly EnforceableStrategy[]): Map<string, StaffContact> {
    const staff = new Map<string, StaffContact>();
    for (const strategy of strategies) {
      for (const r of strategy.restrictions) {
        if (r.type !== 'spoc') continue;
        for (const id of [r.staffId, r.deputyStaffId]) {
          const member = id ? this.staff.get(id) : undefined;
          if (member) staff.set(member.id, member);
        }
      }
    }
    return staff;
  }
}
