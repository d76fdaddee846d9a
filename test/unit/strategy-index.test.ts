import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EnforceableStrategy } from '../../src/core/contact-strategy.js';
import type { E164 } from '../../src/core/phone-number.js';
import type { Restriction } from '../../src/core/restriction.js';
import { IndexContents } from '../../src/strategy-index/index-contents.js';
import { StrategyIndex, type IndexedCustomer } from '../../src/strategy-index/strategy-index.js';

const NOW = new Date('2026-11-18T10:00:00.123Z');
const DAY = 86_400_000;
const num = (n: number) => `+4477009${String(n).padStart(5, '0')}` as E164;

function strategy(customerId: string, overrides: Partial<EnforceableStrategy> = {}): EnforceableStrategy {
  return {
    id: randomUUID(),
    customerId,
    status: 'authorised',
    startsAt: new Date(NOW.getTime() - 7 * DAY + 1),
    endsAt: null,
    reviewAt: new Date(NOW.getTime() + 90 * DAY + 456),
    urgent: false,
    notification: new Date(NOW.getTime() - 7 * DAY),
    restrictions: [{ type: 'bar', emergencyBypass: false }],
    ...overrides,
  };
}

function customer(numbers: E164[], make: (id: string) => EnforceableStrategy[] = (id) => [strategy(id)], overrides: Partial<IndexedCustomer> = {}): IndexedCustomer {
  const id = randomUUID();
  return { id, name: `Caller ${id.slice(0, 4)}`, language: 'en-GB', communicationNeeds: null, numbers, strategies: make(id), ...overrides };
}

describe('StrategyIndex', () => {
  it('gives back what was put, field for field', () => {
    const index = new StrategyIndex();
    const windows: Restriction = { type: 'callWindows', windows: [{ days: ['mon', 'fri'], from: '09:00', to: '17:00' }], timeZone: 'Europe/London' };
    const bryn = customer([num(1), num(2)], (id) => [
      strategy(id, { restrictions: [{ type: 'warning', message: 'Tabs\tand\nnewlines "quoted"' }, windows], endsAt: new Date(NOW.getTime() + DAY), urgent: true, notification: null }),
      strategy(id, { status: 'authorised', restrictions: [] }),
    ], { name: 'Bryn\tJones', language: 'cy-GB', communicationNeeds: 'Slow speech, please' });
    index.putCustomer(bryn);

    for (const number of bryn.numbers) {
      const found = index.lookup(number, NOW);
      expect(found?.customer).toEqual({ id: bryn.id, name: bryn.name, language: 'cy-GB', communicationNeeds: 'Slow speech, please' });
      expect(found?.strategies).toEqual(bryn.strategies);
    }
    expect(index.lookup(num(3), NOW)).toBeNull();
    expect(index.size).toEqual({ customers: 1, numbers: 2, staff: 0 });
  });

  it('replaces a customer whole: old numbers and strategies go', () => {
    const index = new StrategyIndex();
    const first = customer([num(1), num(2)]);
    index.putCustomer(first);
    const changed = { ...first, numbers: [num(2), num(3)], strategies: [strategy(first.id, { restrictions: [{ type: 'record' }] })] };
    index.putCustomer(changed);
    expect(index.lookup(num(1), NOW)).toBeNull();
    expect(index.lookup(num(3), NOW)?.strategies).toEqual(changed.strategies);
    expect(index.size).toEqual({ customers: 1, numbers: 2, staff: 0 });

    index.putCustomer({ ...changed, strategies: [] });
    expect(index.lookup(num(2), NOW)).toBeNull();
    expect(index.size).toEqual({ customers: 0, numbers: 0, staff: 0 });
  });

  it('picks the owner of a shared number whose strategy is in force, and keeps the other when one goes', () => {
    const index = new StrategyIndex();
    const lapsed = customer([num(5)], (id) => [strategy(id, { reviewAt: new Date(NOW.getTime() - 30 * DAY) })]);
    const barred = customer([num(5), num(6)]);
    index.putCustomer(lapsed);
    index.putCustomer(barred);
    expect(index.lookup(num(5), NOW)?.customer.id).toBe(barred.id);
    expect(index.numbers).toBe(2);

    index.removeCustomer(barred.id);
    expect(index.lookup(num(5), NOW)?.customer.id).toBe(lapsed.id);
    expect(index.lookup(num(6), NOW)).toBeNull();
    index.removeCustomer(lapsed.id);
    expect(index.size).toEqual({ customers: 0, numbers: 0, staff: 0 });
  });

  it('falls back to the first owner when none has a strategy in force', () => {
    const index = new StrategyIndex();
    const notYet = (id: string) => [strategy(id, { startsAt: new Date(NOW.getTime() + DAY) })];
    const first = customer([num(7)], notYet);
    index.putCustomer(first);
    index.putCustomer(customer([num(7)], notYet));
    expect(index.lookup(num(7), NOW)?.customer.id).toBe(first.id);
  });

  it('names the single points of contact it knows', () => {
    const index = new StrategyIndex();
    const spoc = { id: randomUUID(), displayName: 'Sam', phoneNumber: '+442079460002', clientIdentity: null };
    const deputy = { id: randomUUID(), displayName: 'Dee', phoneNumber: null, clientIdentity: 'dee' };
    const casey = customer([num(8)], (id) => [strategy(id, { restrictions: [{ type: 'spoc', staffId: spoc.id, deputyStaffId: deputy.id }] })]);
    index.replaceAll([casey], [spoc], NOW);
    expect([...(index.lookup(num(8), NOW)?.staff.keys() ?? [])]).toEqual([spoc.id]);
    index.putStaff(deputy);
    expect([...(index.lookup(num(8), NOW)?.staff.keys() ?? [])]).toEqual([spoc.id, deputy.id]);
    index.putStaff(null, spoc.id);
    expect([...(index.lookup(num(8), NOW)?.staff.keys() ?? [])]).toEqual([deputy.id]);
    expect(index.loadedAt).toBe(NOW);
  });

  it('ignores numbers that are not E.164 and ids that are not UUIDs', () => {
    const index = new StrategyIndex();
    const odd = customer(['07700 900123' as E164, num(9)]);
    index.putCustomer(odd);
    expect(index.numbers).toBe(1);
    expect(index.lookup('07700 900123' as E164, NOW)).toBeNull();
    index.removeCustomer('not-a-uuid');
    index.removeCustomer(odd.id.toUpperCase());
    expect(index.numbers).toBe(0);
    expect(() => index.putCustomer({ ...odd, id: 'customer-1' })).toThrow(/UUID/);
    index.putCustomer(odd);
    expect(() => index.putCustomer({ ...odd, strategies: [strategy(odd.id, { id: 'strategy-1' })] })).toThrow(/UUID/);
    expect(index.lookup(num(9), NOW)?.customer.id).toBe(odd.id);
  });

  it('keeps one copy of each set of restrictions', () => {
    const index = new StrategyIndex();
    const a = customer([num(10)]);
    const b = customer([num(11)]);
    index.replaceAll([a, b], [], NOW);
    expect(index.lookup(num(10), NOW)?.strategies[0]?.restrictions).toBe(index.lookup(num(11), NOW)?.strategies[0]?.restrictions);
  });

  it('stays right through many additions, replacements and removals (slots and tables reused)', () => {
    const index = new StrategyIndex();
    const model = new Map<string, IndexedCustomer>();
    let seed = 42;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const ids: string[] = [];
    for (let step = 0; step < 6000; step++) {
      const action = random(10);
      if (action < 5 || ids.length === 0) {
        const c = customer([num(random(3000)), ...(random(4) === 0 ? [num(random(3000))] : [])], (id) => Array.from({ length: 1 + random(2) }, () => strategy(id)));
        ids.push(c.id);
        model.set(c.id, c);
        index.putCustomer(c);
      } else if (action < 8) {
        const id = ids[random(ids.length)] ?? '';
        model.delete(id);
        index.removeCustomer(id);
      } else {
        const existing = model.get(ids[random(ids.length)] ?? '');
        if (!existing) continue;
        const moved = { ...existing, numbers: [num(random(3000))] };
        model.set(moved.id, moved);
        index.putCustomer(moved);
      }
    }
    const owners = new Map<string, IndexedCustomer[]>();
    for (const c of model.values()) for (const n of new Set(c.numbers)) owners.set(n, [...(owners.get(n) ?? []), c]);
    expect(index.size.customers).toBe(model.size);
    expect(index.numbers).toBe(owners.size);
    for (let n = 0; n < 3000; n++) {
      const expected = owners.get(num(n));
      const found = index.lookup(num(n), NOW);
      if (!expected) expect(found).toBeNull();
      else {
        expect(expected.map((c) => c.id)).toContain(found?.customer.id);
        expect(found?.strategies).toEqual(model.get(found?.customer.id ?? '')?.strategies);
      }
    }
  });

  it('finds the same after room is reserved, before the first customer or among them, too much or too little', () => {
    const everyone = Array.from({ length: 600 }, (_, i) => customer([num(i), ...(i % 7 === 0 ? [num(i + 1000)] : [])]));
    const built = (reserveAt: number | null, room: number) => {
      const contents = new IndexContents();
      everyone.forEach((c, i) => {
        if (i === reserveAt) contents.reserve(room);
        contents.putCustomer(c);
      });
      contents.compact();
      const index = new StrategyIndex();
      index.replaceWith(contents, [], NOW);
      return index;
    };
    const grown = built(null, 0);
    for (const [at, room] of [[0, 600], [0, 50_000], [250, 600], [599, 10], [0, 1]] as const) {
      const reserved = built(at, room);
      expect(reserved.size).toEqual(grown.size);
      for (let n = 0; n < 1600; n++) expect(reserved.lookup(num(n), NOW)).toEqual(grown.lookup(num(n), NOW));
    }
  });
});
