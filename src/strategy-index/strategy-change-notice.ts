import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/database.js';

export const STRATEGY_CHANNEL = 'callguard_strategies';

// z.guid(), not z.uuid(): PostgreSQL's uuid type takes any 128-bit value (imported or md5-derived ids are
// not RFC 4122 variants), and a notice about such a customer must not be dropped.
export const strategyNoticeSchema = z.union([
  z.object({ customerId: z.guid(), sentAt: z.iso.datetime() }),
  z.object({ staffId: z.guid(), sentAt: z.iso.datetime() }),
]);
export type StrategyNotice = z.output<typeof strategyNoticeSchema>;

/**
 * Tells every instance's strategy index that a customer's strategies or numbers, or a member of staff's
 * contact details, changed. Sent inside the change's own transaction, so it is delivered only if it commits.
 */
export async function noticeStrategyChange(ex: Executor, subject: { customerId: string } | { staffId: string }, at: Date): Promise<void> {
  await ex.execute(sql`select pg_notify(${STRATEGY_CHANNEL}, ${JSON.stringify({ ...subject, sentAt: at.toISOString() })})`);
}
