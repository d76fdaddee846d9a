import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.js';
import { contactStrategies, customerPhoneNumbers, customers, restrictions, staff } from '../../db/schema/index.js';
import type { E164 } from '../../src/core/phone-number.js';
import { loadIndexContents } from '../../src/strategy-index/index-load.js';
import { StrategyIndex, type IndexedCaller } from '../../src/strategy-index/strategy-index.js';
import { indexedCustomers } from '../../src/strategy-index/strategy-index.repository.js';
import { openTestDatabase } from '../support/test-database.js';

// The bulk load (one joined query, written by COPY in binary format and read in place, streamed on
// PostgreSQL and handed over in slices by PGlite's thread) must build the same index as reading each
// customer through drizzle. The data is
// awkward on purpose: several numbers and restrictions (a row for each pair), shared numbers, microsecond
// and pre-2000 timestamps, free text with tabs, newlines, quotes, backslashes, a literal \N and control
// characters, strategies in other states, a customer with no number.

const NOW = new Date('2026-11-18T10:00:00.123Z');
let database: DatabaseHandle;
const ids: string[] = [];
const e164 = (text: string) => text as E164;
const [N1, N2, N3, N4, N5] = [e164('+447700900101'), e164('+447700900102'), e164('+447700900103'), e164('+447700900104'), e164('+441234567890')] as const;
const numbers = [N1, N2, N3, N4, N5];

async function addCustomer(values: { name: string; language?: 'en-GB' | 'cy-GB'; needs?: string | null; numbers: E164[] }): Promise<string> {
  const id = randomUUID();
  ids.push(id);
  await database.db.insert(customers).values({ id, name: values.name, language: values.language ?? 'en-GB', communicationNeeds: values.needs ?? null });
  for (const [position, e164] of values.numbers.entries()) await database.db.insert(customerPhoneNumbers).values({ id: randomUUID(), customerId: id, e164, position });
  return id;
}

async function addStrategy(customerId: string, proposer: string, status: string, times: { starts: string; ends?: string; review: string; notified?: string }, rules: Array<[position: number, type: string, settings: Record<string, unknown>]>, urgent = false): Promise<void> {
  const id = randomUUID();
  await database.db.insert(contactStrategies).values({
    id,
    customerId,
    status: sql`${status}`,
    reason: 'Test',
    priorWarnings: [],
    urgent,
    startsAt: sql`${times.starts}::timestamptz`,
    endsAt: times.ends ? sql`${times.ends}::timestamptz` : null,
    reviewAt: sql`${times.review}::timestamptz`,
    proposedBy: proposer,
    proposedAt: NOW,
    notificationSentAt: times.notified ? sql`${times.notified}::timestamptz` : null,
  });
  for (const [position, type, settings] of rules) await database.db.insert(restrictions).values({ id: randomUUID(), strategyId: id, position, type, settings });
}

beforeAll(async () => {
  database = await openTestDatabase();
  const proposer = randomUUID();
  const spoc = randomUUID();
  await database.db.insert(staff).values([
    { id: proposer, username: 'proposer', displayName: 'Proposer', role: 'supervisor', passwordHash: 'x' },
    { id: spoc, username: 'spoc', displayName: 'Spoc', role: 'supervisor', passwordHash: 'x', phoneNumber: '+442079460002' },
  ]);
  const alex = await addCustomer({ name: 'Alex', numbers: [N1, N2] });
  await addStrategy(alex, proposer, 'authorised', { starts: '2026-11-17 12:30:43.800864+00', review: '2027-02-22 12:30:43.1+00' }, [
    [2, 'record', {}],
    [0, 'warning', { message: 'Tab\there, a newline\nand "quotes" — ŵ, C:\\N\\x \u001f\u0001' }],
    [1, 'maxDuration', { seconds: 600 }],
  ], true);
  const bryn = await addCustomer({ name: 'Bryn\tJones "B" \\N', language: 'cy-GB', needs: 'Slow speech\nplease\t(Llŷr) \\ \u001f\r', numbers: [N3] });
  await addStrategy(bryn, proposer, 'authorised', { starts: '1999-12-31 23:59:59.999999+00', ends: '2030-01-01 00:00:00.0005+00', review: '9999-12-31 23:59:59.999999+00', notified: '2000-01-01 00:00:00+00' }, [[0, 'frequency', { maxCalls: 3, per: 'week' }]]);
  await addStrategy(bryn, proposer, 'authorised', { starts: '2026-11-01 00:00:00+00', review: '2026-12-01 00:00:00+00', notified: '2026-11-01 00:00:00+00' }, [
    [0, 'spoc', { staffId: spoc }],
    [1, 'callWindows', { windows: [{ days: ['mon', 'fri'], from: '09:00', to: '17:00' }], timeZone: 'Europe/London' }],
  ]);
  await addStrategy(bryn, proposer, 'lifted', { starts: '2026-01-01 00:00:00+00', review: '2026-02-01 00:00:00+00' }, [[0, 'bar', {}]]);
  const casey = await addCustomer({ name: 'Casey', numbers: [] });
  await addStrategy(casey, proposer, 'authorised', { starts: '2026-11-01 00:00:00+00', review: '2026-12-01 00:00:00+00', notified: '2026-11-01 00:00:00+00' }, []);
  // Dana shares Alex's second number.
  const dana = await addCustomer({ name: 'Dana', numbers: [N2, N4] });
  await addStrategy(dana, proposer, 'authorised', { starts: '2026-11-01 00:00:00+00', review: '2026-12-01 00:00:00+00', notified: '2026-11-01 00:00:00+00' }, [[0, 'bar', { emergencyBypass: true }]]);
  const eli = await addCustomer({ name: 'Eli', numbers: [N5] });
  await addStrategy(eli, proposer, 'proposed', { starts: '2026-11-01 00:00:00+00', review: '2026-12-01 00:00:00+00' }, [[0, 'bar', {}]]);
});

afterAll(async () => {
  await database?.close();
});

/** A lookup with the strategies in id order: the two paths read them in different orders. */
function comparable(caller: IndexedCaller | null) {
  if (!caller) return null;
  return { customer: caller.customer, strategies: [...caller.strategies].sort((a, b) => a.id.localeCompare(b.id)), staff: [...caller.staff.keys()] };
}

function comparableIndex(contents: Awaited<ReturnType<typeof loadIndexContents>>) {
  const index = new StrategyIndex();
  index.replaceWith(contents, [], NOW);
  return { size: index.size, callers: numbers.map((number) => comparable(index.lookup(number, NOW))) };
}

/** The same database, its COPY data handed on `size` bytes at a time. */
const inChunksOf = (size: number): Pick<DatabaseHandle, 'db' | 'copyOut'> => ({
  db: database.db,
  copyOut: (query, onChunk) =>
    database.copyOut(query, (chunk) => {
      for (let at = 0; at < chunk.length; at += size) onChunk(chunk.subarray(at, at + size));
    }),
});

describe('loadIndexContents', () => {
  it('builds the same index as reading each customer through drizzle', async () => {
    const bulk = new StrategyIndex();
    bulk.replaceWith(await loadIndexContents(database), [], NOW);
    const oneByOne = new StrategyIndex();
    oneByOne.replaceAll(await indexedCustomers(database.db, ids), [], NOW);

    expect(bulk.size).toEqual(oneByOne.size);
    expect(bulk.size).toEqual({ customers: 4, numbers: 4, staff: 0 });
    for (const number of numbers) expect(comparable(bulk.lookup(number, NOW))).toEqual(comparable(oneByOne.lookup(number, NOW)));

    const alex = bulk.lookup(N1, NOW);
    expect(alex?.strategies[0]?.restrictions.map((r) => r.type)).toEqual(['warning', 'maxDuration', 'record']);
    expect(alex?.strategies[0]?.startsAt.toISOString()).toBe('2026-11-17T12:30:43.800Z');
    const bryn = bulk.lookup(N3, NOW);
    expect(bryn?.customer).toMatchObject({ name: 'Bryn\tJones "B" \\N', language: 'cy-GB', communicationNeeds: 'Slow speech\nplease\t(Llŷr) \\ \u001f\r' });
    expect(alex?.strategies[0]?.restrictions[0]).toMatchObject({ message: 'Tab\there, a newline\nand "quotes" — ŵ, C:\\N\\x \u001f\u0001' });
    expect(bryn?.strategies.map((s) => s.startsAt.toISOString()).sort()).toEqual(['1999-12-31T23:59:59.999Z', '2026-11-01T00:00:00.000Z']);
    expect(bulk.lookup(N5, NOW)).toBeNull();
  });

  it('reads the same however the COPY data is cut into chunks', async () => {
    const whole = comparableIndex(await loadIndexContents(database));
    for (const size of [1, 2, 3, 13, 1_000]) expect(comparableIndex(await loadIndexContents(inChunksOf(size)))).toEqual(whole);
  });

  it('refuses a stored restriction that is not valid, as reading it one by one does', async () => {
    await database.db.execute(sql`update restrictions set settings = '{"seconds": 1}'::jsonb where type = 'maxDuration'`);
    try {
      await expect(loadIndexContents(database)).rejects.toThrow(/seconds/);
      await expect(loadIndexContents(inChunksOf(7))).rejects.toThrow(/seconds/);
      await expect(indexedCustomers(database.db, ids)).rejects.toThrow();
    } finally {
      await database.db.execute(sql`update restrictions set settings = '{"seconds": 600}'::jsonb where type = 'maxDuration'`);
    }
    // The refused load left no connection stuck in its COPY.
    await expect(loadIndexContents(database)).resolves.toBeDefined();
  });
});
