import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps.js';
import type { Actor } from '../core/roles.js';
import { AppError } from '../shared/app-error.js';
import { recordAuditEvent } from '../audit/audit.repository.js';
import { findCustomerById } from '../customers/customer.repository.js';
import type { ProposeStrategyInput } from './strategy.schemas.js';
import { findStrategyById, insertStrategy } from './strategy.repository.js';
import { presentStrategy, type StrategyView } from './strategy.presenter.js';
import { checkRestrictions, resolveTiming } from './strategy-validation.js';

export async function proposeStrategy(deps: AppDeps, actor: Actor, input: ProposeStrategyInput): Promise<StrategyView> {
  const now = deps.clock.now();
  const timing = resolveTiming(input, input.priorWarnings, now);
  return deps.db.transaction(async (tx) => {
    if (!(await findCustomerById(tx, input.customerId))) throw AppError.invalid({ customerId: 'is not a customer' });
    await checkRestrictions(tx, input.restrictions);
    const id = randomUUID();
    await insertStrategy(
      tx,
      {
        id,
        customerId: input.customerId,
        status: 'proposed',
        reason: input.reason,
        priorWarnings: input.priorWarnings,
        allContact: input.allContact,
        urgent: input.urgent,
        ...timing,
        proposedBy: actor.id,
        proposedAt: now,
        createdAt: now,
        updatedAt: now,
      },
      input.restrictions,
    );
    const created = await findStrategyById(tx, id);
    if (!created) throw new Error('strategy vanished inside its own transaction');
    const view = presentStrategy(created, now, deps.config.lapseAfterDays);
    await recordAuditEvent(tx, { actor, action: 'strategy.proposed', entityType: 'strategy', entityId: id, before: null, after: view, at: now });
    return view;
  });
}
