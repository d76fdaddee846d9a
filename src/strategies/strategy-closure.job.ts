import { and, eq, lte, or } from 'drizzle-orm';
import type { AppDeps } from '../app-deps.js';
import { contactStrategies } from '../../db/schema/index.js';
import { recordAuditEvent } from '../audit/audit.repository.js';
import { noticeStrategyChange } from '../strategy-index/strategy-change-notice.js';

const DAY_MS = 86_400_000;

/**
 * Writes down what time has already decided: authorised strategies past their end become `expired`,
 * those whose review was missed by more than the lapse period become `lapsed`, each with an audit event.
 * Enforcement never waits for this (effectiveStatus computes the same at decision time).
 */
export async function closeEndedStrategies(deps: AppDeps): Promise<{ expired: number; lapsed: number }> {
  const now = deps.clock.now();
  const lapseBefore = new Date(now.getTime() - deps.config.lapseAfterDays * DAY_MS);
  const due = await deps.db
    .select({ id: contactStrategies.id, customerId: contactStrategies.customerId, endsAt: contactStrategies.endsAt, reviewAt: contactStrategies.reviewAt })
    .from(contactStrategies)
    .where(and(eq(contactStrategies.status, 'authorised'), or(lte(contactStrategies.endsAt, now), lte(contactStrategies.reviewAt, lapseBefore))))
    .limit(1000);
  const counts = { expired: 0, lapsed: 0 };
  for (const strategy of due) {
    const expired = strategy.endsAt !== null && strategy.endsAt <= now;
    const status = expired ? 'expired' : 'lapsed';
    const closedAt = expired && strategy.endsAt ? strategy.endsAt : new Date(strategy.reviewAt.getTime() + deps.config.lapseAfterDays * DAY_MS);
    await deps.db.transaction(async (tx) => {
      // Guarded by status, so two instances running this at once close each strategy once.
      const changed = await tx
        .update(contactStrategies)
        .set({ status, closedAt, updatedAt: now })
        .where(and(eq(contactStrategies.id, strategy.id), eq(contactStrategies.status, 'authorised')))
        .returning({ id: contactStrategies.id });
      if (changed.length === 0) return;
      counts[status] += 1;
      await noticeStrategyChange(tx, { customerId: strategy.customerId }, now);
      await recordAuditEvent(tx, {
        actor: null,
        action: `strategy.${status}`,
        entityType: 'strategy',
        entityId: strategy.id,
        before: { status: 'authorised' },
        after: { status, closedAt, ...(expired ? { endsAt: strategy.endsAt } : { reviewMissedSince: strategy.reviewAt }) },
        at: now,
      });
    });
  }
  for (const strategy of due) await deps.strategies.refresh({ customerId: strategy.customerId });
  if (counts.expired + counts.lapsed > 0) deps.logger.info(counts, 'closed strategies that ended by themselves');
  return counts;
}

/** Runs the closure now and then every `intervalMs`. */
export function startStrategyClosureJob(deps: AppDeps, intervalMs = 60_000): { stop(): void } {
  const run = () => void closeEndedStrategies(deps).catch((err: unknown) => deps.logger.warn({ err }, 'strategy closure job failed; will retry'));
  const timer = setInterval(run, intervalMs);
  timer.unref();
  setImmediate(run);
  return { stop: () => clearInterval(timer) };
}
