import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { strategyAppeals, strategyReviews } from '../../db/schema/index.js';

export type StrategyReview = typeof strategyReviews.$inferSelect;
export type StrategyAppeal = typeof strategyAppeals.$inferSelect;

export async function insertReview(ex: Executor, row: typeof strategyReviews.$inferInsert): Promise<StrategyReview> {
  const [created] = await ex.insert(strategyReviews).values(row).returning();
  if (!created) throw new Error('review insert returned no row');
  return created;
}

export async function listReviews(ex: Executor, strategyId: string): Promise<StrategyReview[]> {
  return ex.select().from(strategyReviews).where(eq(strategyReviews.strategyId, strategyId)).orderBy(asc(strategyReviews.reviewedAt));
}

export async function insertAppeal(ex: Executor, row: typeof strategyAppeals.$inferInsert): Promise<StrategyAppeal> {
  const [created] = await ex.insert(strategyAppeals).values(row).returning();
  if (!created) throw new Error('appeal insert returned no row');
  return created;
}

export async function findAppeal(ex: Executor, id: string): Promise<StrategyAppeal | null> {
  const [row] = await ex.select().from(strategyAppeals).where(eq(strategyAppeals.id, id)).limit(1);
  return row ?? null;
}

export async function decideAppealRow(ex: Executor, id: string, decision: Pick<StrategyAppeal, 'outcome' | 'reasons' | 'decidedBy' | 'decidedAt'>): Promise<StrategyAppeal> {
  const [updated] = await ex.update(strategyAppeals).set(decision).where(eq(strategyAppeals.id, id)).returning();
  if (!updated) throw new Error('appeal vanished');
  return updated;
}

export async function listAppeals(ex: Executor, strategyId: string): Promise<StrategyAppeal[]> {
  return ex.select().from(strategyAppeals).where(eq(strategyAppeals.strategyId, strategyId)).orderBy(asc(strategyAppeals.receivedAt));
}
