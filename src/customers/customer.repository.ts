import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { customerPhoneNumbers, customers } from '../../db/schema/index.js';
import type { Customer } from '../core/customer.js';
import type { E164 } from '../core/phone-number.js';
import type { CustomerQuery } from './customer.schemas.js';

type CustomerRow = typeof customers.$inferSelect;

export async function insertCustomer(ex: Executor, row: typeof customers.$inferInsert): Promise<void> {
  await ex.insert(customers).values(row);
}

export async function updateCustomerRow(
  ex: Executor,
  id: string,
  patch: Partial<Omit<typeof customers.$inferInsert, 'id' | 'createdAt'>>,
): Promise<void> {
  await ex.update(customers).set(patch).where(eq(customers.id, id));
}

/** Replaces the whole set, so the stored numbers are exactly the ones the request named. */
export async function replacePhoneNumbers(ex: Executor, customerId: string, numbers: readonly E164[], at: Date): Promise<void> {
  await ex.delete(customerPhoneNumbers).where(eq(customerPhoneNumbers.customerId, customerId));
  if (numbers.length === 0) return;
  await ex
    .insert(customerPhoneNumbers)
    .values(numbers.map((e164, position) => ({ id: randomUUID(), customerId, e164, position, createdAt: at })));
}

export async function findCustomerById(ex: Executor, id: string): Promise<Customer | null> {
  const [row] = await ex.select().from(customers).where(eq(customers.id, id)).limit(1);
  if (!row) return null;
  const [customer] = await withPhoneNumbers(ex, [row]);
  return customer ?? null;
}

export async function listCustomers(ex: Executor, query: CustomerQuery): Promise<Customer[]> {
  const conditions: SQL[] = [];
  if (query.reference) conditions.push(eq(customers.reference, query.reference));
  if (query.phone) {
    const owners = ex
      .select({ id: customerPhoneNumbers.customerId })
      .from(customerPhoneNumbers)
      .where(eq(customerPhoneNumbers.e164, query.phone));
    conditions.push(inArray(customers.id, owners));
  }
  const rows = await ex
    .select()
    .from(customers)
    .where(and(...conditions))
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(query.limit)
    .offset(query.offset);
  return withPhoneNumbers(ex, rows);
}

async function withPhoneNumbers(ex: Executor, rows: CustomerRow[]): Promise<Customer[]> {
  if (rows.length === 0) return [];
  const numbers = await ex
    .select({ customerId: customerPhoneNumbers.customerId, e164: customerPhoneNumbers.e164 })
    .from(customerPhoneNumbers)
    .where(
      inArray(
        customerPhoneNumbers.customerId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(customerPhoneNumbers.position));
  return rows.map((row) => ({
    ...row,
    phoneNumbers: numbers.filter((n) => n.customerId === row.id).map((n) => n.e164),
  }));
}

/** Names by id, for lists that show whose strategy or breach an item is. */
export async function customerNames(ex: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await ex.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** For callers not under strategy: who owns each number (the first by name, as a search by phone lists them). */
export async function customersByNumbers(ex: Executor, numbers: readonly E164[]): Promise<Map<E164, Pick<Customer, 'id' | 'name' | 'language' | 'communicationNeeds'>>> {
  const owners = new Map<E164, Pick<Customer, 'id' | 'name' | 'language' | 'communicationNeeds'>>();
  if (numbers.length === 0) return owners;
  const rows = await ex
    .select({ e164: customerPhoneNumbers.e164, id: customers.id, name: customers.name, language: customers.language, communicationNeeds: customers.communicationNeeds })
    .from(customerPhoneNumbers)
    .innerJoin(customers, eq(customers.id, customerPhoneNumbers.customerId))
    .where(inArray(customerPhoneNumbers.e164, [...new Set(numbers)]))
    .orderBy(asc(customers.name), asc(customers.id));
  for (const { e164, ...customer } of rows) if (!owners.has(e164)) owners.set(e164, customer);
  return owners;
}
