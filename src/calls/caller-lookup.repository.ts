import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { customerPhoneNumbers, customers } from '../../db/schema/index.js';
import { isInForce } from '../core/contact-strategy.js';
import type { E164 } from '../core/phone-number.js';
import { findStaffByIds } from '../staff/staff.repository.js';
import { listStrategies } from '../strategies/strategy.repository.js';
import { recentCallsOf } from './call.repository.js';
import { UNKNOWN_CALLER, type CallerContext } from './caller-context.js';

// Long enough to cover the longest frequency period (a calendar month).
const RECENT_CALL_DAYS = 32;

/**
 * Who is calling from this number. Several customers can share a number (a household); the one
 * with a strategy in force is the one the call is decided for, since a bar is on the number.
 */
export async function findCallerContext(ex: Executor, number: E164, now: Date, callSid: string, lapseAfterDays?: number): Promise<CallerContext> {
  const owners = await ex
    .select({ id: customers.id, name: customers.name, language: customers.language, communicationNeeds: customers.communicationNeeds })
    .from(customerPhoneNumbers)
    .innerJoin(customers, eq(customers.id, customerPhoneNumbers.customerId))
    .where(eq(customerPhoneNumbers.e164, number))
    .orderBy(customers.createdAt);
  if (owners.length === 0) return UNKNOWN_CALLER;

  const strategies = await listStrategies(ex, { status: 'authorised', customerIds: owners.map((o) => o.id), limit: 200, offset: 0 }, now, lapseAfterDays);
  const restricted = owners.find((o) => strategies.some((s) => s.customerId === o.id && isInForce(s, now, lapseAfterDays)));
  const customer = restricted ?? owners[0];
  if (!customer) return UNKNOWN_CALLER;
  const own = strategies.filter((s) => s.customerId === customer.id);

  const staffIds = own.flatMap((s) => s.restrictions.flatMap((r) => (r.type === 'spoc' ? [r.staffId, r.deputyStaffId ?? r.staffId] : [])));
  const staff = await findStaffByIds(ex, [...new Set(staffIds)]);
  const since = new Date(now.getTime() - RECENT_CALL_DAYS * 86_400_000);
  return {
    customer,
    strategies: own,
    staff: new Map(staff.filter((s) => s.active).map((s) => [s.id, s])),
    recentCalls: await recentCallsOf(ex, customer.id, since, callSid),
  };
}
