import type { AppDeps } from '../app-deps.js';
import type { ContactStrategy, StrategyStatus } from '../core/contact-strategy.js';
import type { Actor } from '../core/roles.js';
import { authorisationRefusal, decisionRefusal } from '../core/strategy-authority.js';
import { AppError } from '../shared/app-error.js';
import type { NotificationInput } from './strategy.schemas.js';
import { updateStrategyRow, type StrategyPatch } from './strategy.repository.js';
import type { StrategyView } from './strategy.presenter.js';
import { changeStrategy } from './strategy-change.js';

const FIVE_MINUTES = 5 * 60_000;

interface Transition {
  action: string;
  verb: string;
  from: readonly StrategyStatus[];
  refusal: (strategy: ContactStrategy) => string | null;
  patch: (strategy: ContactStrategy, now: Date) => StrategyPatch;
}

/** A change that is only a new set of column values. */
async function transition(deps: AppDeps, actor: Actor, id: string, step: Transition): Promise<StrategyView> {
  const { strategy } = await changeStrategy(deps, actor, id, {
    ...step,
    apply: async (tx, current, now) => updateStrategyRow(tx, id, { ...step.patch(current, now), updatedAt: now }),
  });
  return strategy;
}

export function authoriseStrategy(deps: AppDeps, actor: Actor, id: string, input: { rationale: string; urgent?: boolean | undefined }) {
  return transition(deps, actor, id, {
    action: 'strategy.authorised',
    verb: 'authorise',
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
    verb: 'reject',
    from: ['proposed'],
    refusal: () => decisionRefusal(actor, 'rejecting a contact strategy'),
    patch: (_strategy, now) => ({ status: 'rejected', rejectedBy: actor.id, rejectedAt: now, rejectionReason: reason }),
  });
}

/** Recording the written notice (R6) is what puts a non-urgent strategy in force. */
export function recordNotification(deps: AppDeps, actor: Actor, id: string, input: NotificationInput) {
  return transition(deps, actor, id, {
    action: 'strategy.notified',
    verb: 'record the notification of',
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
    verb: 'lift',
    from: ['authorised'],
    refusal: () => decisionRefusal(actor, 'lifting a contact strategy'),
    patch: (_strategy, now) => ({ status: 'lifted', liftedBy: actor.id, liftedAt: now, liftReason: reason }),
  });
}
