import type { DecisionCustomer, RecentCall, StaffContact } from '../core/call-decision/call-decision.js';
import type { EnforceableStrategy } from '../core/contact-strategy.js';

/** Everything the decision core needs to know about one caller, read from the database in one go. */
export interface CallerContext {
  customer: DecisionCustomer | null;
  strategies: EnforceableStrategy[];
  staff: ReadonlyMap<string, StaffContact>;
  recentCalls: RecentCall[];
}

export const UNKNOWN_CALLER: CallerContext = { customer: null, strategies: [], staff: new Map(), recentCalls: [] };
