import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedStrategies } from '../../bench/seed-strategies.js';
import { strategyNumber } from '../../bench/bench-support.js';
import { contactStrategies, customerPhoneNumbers } from '../../db/schema/index.js';
import type { E164 } from '../../src/core/phone-number.js';
import { createLogger } from '../../src/shared/logger.js';
import { noticeStrategyChange } from '../../src/strategy-index/strategy-change-notice.js';
import { startStrategyIndex, type StrategyIndexKeeper } from '../../src/strategy-index/strategy-index.keeper.js';
import { openTestDatabase } from '../support/test-database.js';

// A full reload reads one snapshot and then replaces the whole index. A strategy lifted (or authorised) after
// that snapshot was taken, but announced while the reload still runs, must still be in force afterwards, not
// wait for the next reload five minutes later.

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let keeper: StrategyIndexKeeper;

beforeAll(async () => {
  database = await openTestDatabase();
  await seedStrategies(database.db, 30_000);
  keeper = await startStrategyIndex(database, createLogger('silent'), { reconcileEveryMs: 3_600_000 });
}, 120_000);

afterAll(async () => {
  await keeper?.stop();
  await database?.close();
});

it('keeps a change announced during a full reload', async () => {
  const now = new Date();
  for (const n of [1, 2, 3]) {
    const number = strategyNumber(n) as E164;
    const [owner] = await database.db.select({ customerId: customerPhoneNumbers.customerId }).from(customerPhoneNumbers).where(eq(customerPhoneNumbers.e164, number));
    expect(keeper.index.lookup(number, now)?.strategies).toHaveLength(1);

    const reload = keeper.reconcile();
    await new Promise((resolve) => setTimeout(resolve, 10 * n));
    await database.db.transaction(async (tx) => {
      await tx.update(contactStrategies).set({ status: 'lifted' }).where(eq(contactStrategies.customerId, owner!.customerId));
      await noticeStrategyChange(tx, { customerId: owner!.customerId }, new Date());
    });
    await reload;

    const deadline = Date.now() + 5_000;
    while (keeper.index.lookup(number, now) !== null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(keeper.index.lookup(number, now), `lifted during reload ${n}`).toBeNull();
  }
}, 60_000);
