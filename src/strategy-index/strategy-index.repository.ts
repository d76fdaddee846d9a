import { and, asc, count, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { contactStrategies, customerPhoneNumbers, customers, restrictions, staff } from '../../db/schema/index.js';
import type { StaffContact } from '../core/call-decision/call-decision.js';
import { restrictionSchema } from '../core/restriction.js';
import type { IndexedCustomer } from './strategy-index.js';

/** How many strategies are authorised: what a full load of the index will hold, to make room for at once. */
export async function authorisedStrategyCount(ex: Executor): Promise<number> {
  const [row] = await ex.select({ n: count() }).from(contactStrategies).where(eq(contactStrategies.status, 'authorised'));
  return row?.n ?? 0;
}

/** What the index holds for these customers: their numbers and authorised strategies (none: drop them). */
export async function indexedCustomers(ex: Executor, ids: readonly string[]): Promise<IndexedCustomer[]> {
  if (ids.length === 0) return [];
  const list = [...ids];
  const [people, numbers, strategies] = await Promise.all([
    ex.select({ id: customers.id, name: customers.name, language: customers.language, communicationNeeds: customers.communicationNeeds }).from(customers).where(inArray(customers.id, list)),
    ex.select({ customerId: customerPhoneNumbers.customerId, e164: customerPhoneNumbers.e164 }).from(customerPhoneNumbers).where(inArray(customerPhoneNumbers.customerId, list)),
    ex
      .select({
        id: contactStrategies.id,
        customerId: contactStrategies.customerId,
        status: contactStrategies.status,
        startsAt: contactStrategies.startsAt,
        endsAt: contactStrategies.endsAt,
        reviewAt: contactStrategies.reviewAt,
        urgent: contactStrategies.urgent,
        notification: contactStrategies.notificationSentAt,
      })
      .from(contactStrategies)
      .where(and(inArray(contactStrategies.customerId, list), eq(contactStrategies.status, 'authorised'))),
  ]);
  const rules = strategies.length === 0 ? [] : await ex.select().from(restrictions).where(inArray(restrictions.strategyId, strategies.map((s) => s.id))).orderBy(asc(restrictions.position));
  const rulesOf = groupBy(rules, (r) => r.strategyId);
  const numbersOf = groupBy(numbers, (n) => n.customerId);
  const strategiesOf = groupBy(strategies, (s) => s.customerId);
  return people.map((person) => ({
    ...person,
    numbers: (numbersOf.get(person.id) ?? []).map((n) => n.e164),
    strategies: (strategiesOf.get(person.id) ?? []).map((s) => ({
      ...s,
      restrictions: (rulesOf.get(s.id) ?? []).map((r) => restrictionSchema.parse({ ...r.settings, type: r.type })),
    })),
  }));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Staff who can be rung as a single point of contact. */
export async function staffContacts(ex: Executor, ids?: readonly string[]): Promise<StaffContact[]> {
  return ex
    .select({ id: staff.id, displayName: staff.displayName, phoneNumber: staff.phoneNumber, clientIdentity: staff.clientIdentity })
    .from(staff)
    .where(and(eq(staff.active, true), or(isNotNull(staff.phoneNumber), isNotNull(staff.clientIdentity)), ids ? inArray(staff.id, [...ids]) : undefined));
}
