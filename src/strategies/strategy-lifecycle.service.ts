import type { AppDeps } from '../app-deps.js';
import { effectiveStatus, type ContactStrategy, type StrategyStatus } from '../core/contact-strategy.js';
import type { Actor } from '../core/roles.js';
import { authorisationRefusal, decisionRefusal } from '../core/strategy-authority.js';
import { AppError } from '../shared/app-error.js';
import { recordAuditEvent } from '../audit/audit.repository.js';
import type { NotificationInput } from './strategy.schemas.js';
import { findStrategyById, updateStrategyRow, type StrategyPatch } from './strategy.repository.js';
import { presentStrategy, type StrategyView } from './strategy.presenter.js';

const FIVE_MINUTES = 5 * 60_000;

interface Transition {
  action: string;
  /** The statuses (as a reader sees them) this step may start from. */
  from: readonly StrategyStatus[];
  refusal: (strategy: ContactStrategy) => string | null;
  patch: (strategy: ContactStrategy, now: Date) => StrategyPatch;
}

/** Loads, checks authority and state, changes and audits one strategy in one transaction. */
async function transition(deps: AppDeps, actor: Actor, id: string, step: Transition): Promise<StrategyView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const strategy = await findStrategyById(tx, id);
    if (!strategy) throw AppError.notFound('contact strategy');
    const refusal = step.refusal(strategy);
    if (refusal) throw AppError.forbidden(refusal);
    const status = effectiveStatus(strategy, now);
    if (!step.from.includes(status)) {
      throw AppError.conflict(`cannot ${step.action.replace('strategy.', '')} a strategy that is ${status}`, 'invalid_state');
    }
    await updateStrategyRow(tx, id, { ...step.patch(strategy, now), updatedAt: now });
    const after = await findStrategyById(tx, id);
    if (!after) throw AppError.notFound('contact strategy');
    const before = presentStrategy(strategy, now);
    const view = presentStrategy(after, now);
    await recordAuditEvent(tx, { actor, action: step.action, entityType: 'strategy', entityId: id, before, after: view, at: now });
    return view;
  });
}

export function authoriseStrategy(deps: AppDeps, actor: Actor, id: string, input: { rationale: string; urgent?: boolean | undefined }) {
  return transition(deps, actor, id, {
    action: 'strategy.authorised',
    from: ['proposed'],
    refusal: (strategy) => authorisationRefusal(actor, strategy),
    patch: (strategy, now) => ({
      status: 'authorised',
      authorisedBy: actor.id,
      authorisedAt: now,
      authorisationRationale: input.rationale,
      urgent: input.urgent ?? strategy.urgent,
    }),
  });
}

export function rejectStrategy(deps: AppDeps, actor: Actor, id: string, reason: string) {
  return transition(deps, actor, id, {
    action: 'strategy.rejected',
    from: ['proposed'],
    refusal: () => decisionRefusal(actor, 'rejecting a contact strategy'),
    patch: (_strategy, now) => ({ status: 'rejected', rejectedBy: actor.id, rejectedAt: now, rejectionReason: reason }),
  });
}

/** Recording the written notice (R6) is what puts a non-urgent strategy in force. */
export function recordNotification(deps: AppDeps, actor: Actor, id: string, input: NotificationInput) {
  return transition(deps, actor, id, {
    action: 'strategy.notified',
    from: ['authorised'],
    refusal: () => decisionRefusal(actor, 'recording the notification'),
    patch: (strategy, now) => {
      if (strategy.notification) throw AppError.conflict('the notification has already been recorded', 'already_notified');
      if (input.sentAt.getTime() > now.getTime() + FIVE_MINUTES) throw AppError.invalid({ sentAt: 'must not be in the future' });
      return {
        notificationSentAt: input.sentAt,
        notificationChannel: input.channel,
        notificationReference: input.reference,
        notificationRecordedBy: actor.id,
      };
    },
  });
}

export function liftStrategy(deps: AppDeps, actor: Actor, id: string, reason: string) {
  return transition(deps, actor, id, {
    action: 'strategy.lifted',
    from: ['authorised'],
    refusal: () => decisionRefusal(actor, 'lifting a contact strategy'),
    patch: (_strategy, now) => ({ status: 'lifted', liftedBy: actor.id, liftedAt: now, liftReason: reason }),
  });
}
