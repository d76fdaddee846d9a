import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.js';
import { breaches, calls, contactStrategies, customerPhoneNumbers, customers, staff, terminatedCalls } from '../../db/schema/index.js';
import type { E164 } from '../../src/core/phone-number.js';
import { callersOnRecord } from '../../src/panel/call-history.repository.js';
import { openTestDatabase } from '../support/test-database.js';

// The panel's card for a caller: who owns the number, and the history of the customer together with the
// calling number's, without the call being shown and without counting anything twice.

const ALEX_NUMBER = '+447700900201' as E164;
const ALEX_OTHER_NUMBER = '+447700900202' as E164;
const UNOWNED = '+447700900299' as E164;
const STRANGER = '+447800900300' as E164;
let database: DatabaseHandle;
let alex: string;
let sam: string;
let alexStrategy: string;
let samStrategy: string;
let agent: string;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));

async function addCall(callSid: string, fields: { customerId: string | null; from: E164; minute: number; breached?: Array<'bar' | 'frequency'> }) {
  await database.db.insert(calls).values({
    callSid,
    accountSid: 'AC1',
    callerE164: fields.from,
    toNumber: '+442079460000',
    customerId: fields.customerId,
    decisionKind: 'connect',
    outcome: 'connecting',
    status: 'completed',
    startedAt: at(fields.minute),
  });
  for (const restrictionType of fields.breached ?? []) {
    const strategyId = fields.customerId === sam ? samStrategy : alexStrategy;
    await database.db.insert(breaches).values({ id: randomUUID(), callSid, strategyId, customerId: fields.customerId, restrictionType, detail: 'test', occurredAt: at(fields.minute) });
  }
}
async function addCustomer(name: string, numbers: E164[]): Promise<{ id: string; strategy: string }> {
  const id = randomUUID();
  await database.db.insert(customers).values({ id, name });
  for (const e164 of numbers) await database.db.insert(customerPhoneNumbers).values({ id: randomUUID(), customerId: id, e164 });
  const strategy = randomUUID();
  await database.db.insert(contactStrategies).values({
    id: strategy,
    customerId: id,
    status: 'authorised',
    reason: 'Test',
    priorWarnings: [],
    startsAt: at(0),
    reviewAt: new Date(Date.UTC(2027, 0, 1)),
    proposedBy: agent,
    proposedAt: at(0),
  });
  return { id, strategy };
}

beforeAll(async () => {
  database = await openTestDatabase();
  agent = randomUUID();
  await database.db.insert(staff).values({ id: agent, username: 'agent', displayName: 'Agent', role: 'agent', passwordHash: 'x' });
  ({ id: alex, strategy: alexStrategy } = await addCustomer('Alex', [ALEX_NUMBER, ALEX_OTHER_NUMBER]));
  ({ id: sam, strategy: samStrategy } = await addCustomer('Sam', []));
  await addCall('CA-alex-1', { customerId: alex, from: ALEX_NUMBER, minute: 1, breached: ['bar'] });
  // Before Alex had a strategy: stored without a customer, found by the number.
  await addCall('CA-alex-2', { customerId: null, from: ALEX_NUMBER, minute: 2, breached: ['bar', 'frequency'] });
  // From a number that is not Alex's on record: found by the customer.
  await addCall('CA-alex-3', { customerId: alex, from: UNOWNED, minute: 3, breached: ['frequency'] });
  await addCall('CA-sam-1', { customerId: sam, from: UNOWNED, minute: 4, breached: ['bar'] });
  await addCall('CA-alex-now', { customerId: alex, from: ALEX_NUMBER, minute: 9, breached: ['bar'] });
  await addCall('CA-stranger-1', { customerId: null, from: STRANGER, minute: 5 });
  for (const [callSid, customerId] of [['CA-alex-2', null], ['CA-alex-1', alex]] as const) {
    await database.db.insert(terminatedCalls).values({ id: randomUUID(), callSid, customerId, callerE164: ALEX_NUMBER, staffId: agent, reason: 'abusive_language', details: 'x', warned: true, endState: 'ended' });
  }
});
afterAll(async () => {
  await database?.close();
});

describe('callers on record (the panel card)', () => {
  it('counts the customer’s and the number’s breaches and terminations once each, leaving out the call shown', async () => {
    const [known, byNumber, unowned, stranger, withheld] = await callersOnRecord(database.db, [
      { customerId: alex, callerE164: ALEX_NUMBER, excludeCallSid: 'CA-alex-now' },
      // No strategy known to the caller: the number's owner is found, and with them their history.
      { customerId: null, callerE164: ALEX_OTHER_NUMBER, excludeCallSid: 'CA-new-1' },
      { customerId: null, callerE164: UNOWNED, excludeCallSid: 'CA-new-2' },
      { customerId: null, callerE164: STRANGER, excludeCallSid: 'CA-stranger-1' },
      { customerId: null, callerE164: null, excludeCallSid: 'CA-new-3' },
    ]);
    const alexHistory = { terminations: 2, breaches: 4, lastCallAt: at(3).toISOString() };
    expect(known).toEqual({ owner: null, history: alexHistory });
    // Alex's calls by customer (the one shown to the first card included); none from this number.
    expect(byNumber).toEqual({ owner: { id: alex, name: 'Alex', language: 'en-GB', communicationNeeds: null }, history: { terminations: 1, breaches: 3, lastCallAt: at(9).toISOString() } });
    expect(unowned).toEqual({ owner: null, history: { terminations: 0, breaches: 2, lastCallAt: at(4).toISOString() } });
    expect(stranger).toEqual({ owner: null, history: { terminations: 0, breaches: 0, lastCallAt: null } });
    expect(withheld).toEqual({ owner: null, history: { terminations: 0, breaches: 0, lastCallAt: null } });
  });
});
