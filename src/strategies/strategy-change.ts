import type { AppDeps } from '../app-deps.js';
import type { Transaction } from '../../db/database.js';
import { effectiveStatus, type ContactStrategy, type StrategyStatus } from '../core/contact-strategy.js';
import type { Actor } from '../core/roles.js';
import { AppError } from '../shared/app-error.js';
import { recordAuditEvent } from '../audit/audit.repository.js';
import { findStrategyById } from './strategy.repository.js';
import { presentStrategy, type StrategyView } from './strategy.presenter.js';
import { noticeStrategyChange } from '../strategy-index/strategy-change-notice.js';

export interface StrategyChange<T> {
  /** The audit action, e.g. strategy.authorised. */
  action: string;
  /** What the change does, for refusals: "authorise", "review". */
  verb: string;
  /** The statuses (as a reader sees them) this change may start from. */
  from: readonly StrategyStatus[];
  /** Why this actor may not make this change, or null. Checked before the state, so a 403 is not hidden by a 409. */
  refusal: (strategy: ContactStrategy) => string | null;
  /** The change itself, inside the transaction; its result is returned to the caller. */
  apply: (tx: Transaction, strategy: ContactStrategy, now: Date) => Promise<T>;
}

/** Loads, checks authority and state, changes and audits one strategy, all in one transaction. */
export async function changeStrategy<T>(deps: AppDeps, actor: Actor, id: string, change: StrategyChange<T>): Promise<{ strategy: StrategyView; result: T }> {
  const now = deps.clock.now();
  const lapse = deps.config.lapseAfterDays;
  const changed = await deps.db.transaction(async (tx) => {
    const strategy = await findStrategyById(tx, id);
    if (!strategy) throw AppError.notFound('contact strategy');
    const refusal = change.refusal(strategy);
    if (refusal) throw AppError.forbidden(refusal);
    const status = effectiveStatus(strategy, now, lapse);
    if (!change.from.includes(status)) {
      throw AppError.conflict(`cannot ${change.verb} a strategy that is ${status}`, 'invalid_state');
    }
    const result = await change.apply(tx, strategy, now);
    await noticeStrategyChange(tx, { customerId: strategy.customerId }, now);
    const after = await findStrategyById(tx, id);
    if (!after) throw AppError.notFound('contact strategy');
    const view = presentStrategy(after, now, lapse);
    await recordAuditEvent(tx, { actor, action: change.action, entityType: 'strategy', entityId: id, before: presentStrategy(strategy, now, lapse), after: view, at: now });
    return { strategy: view, result };
  });
  await deps.strategies.refresh({ customerId: changed.strategy.customerId });
  return changed;
}
