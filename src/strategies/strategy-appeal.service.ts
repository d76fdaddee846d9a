import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps.js';
import { AUTHORISING_ROLES, type Actor } from '../core/roles.js';
import { AppError } from '../shared/app-error.js';
import type { AppealDecisionInput, AppealInput } from './strategy.schemas.js';
import { replaceRestrictions, updateStrategyRow } from './strategy.repository.js';
import { decideAppealRow, findAppeal, insertAppeal } from './strategy-history.repository.js';
import { changeStrategy } from './strategy-change.js';
import { checkRestrictions } from './strategy-validation.js';

/** A customer's challenge, recorded by whoever received it. */
export async function recordAppeal(deps: AppDeps, actor: Actor, id: string, input: AppealInput) {
  const { strategy, result } = await changeStrategy(deps, actor, id, {
    action: 'strategy.appeal_recorded',
    verb: 'appeal',
    from: ['authorised'],
    refusal: () => null,
    apply: async (tx, _current, now) => {
      if (input.receivedAt && input.receivedAt > now) throw AppError.invalid({ receivedAt: 'must not be in the future' });
      return insertAppeal(tx, { id: randomUUID(), strategyId: id, receivedAt: input.receivedAt ?? now, summary: input.summary, recordedBy: actor.id, recordedAt: now });
    },
  });
  return { ...result, strategy };
}

/** Secondary review: decided by a supervisor or director who neither proposed nor authorised the strategy. */
export async function decideAppeal(deps: AppDeps, actor: Actor, id: string, appealId: string, input: AppealDecisionInput) {
  const { strategy, result } = await changeStrategy(deps, actor, id, {
    action: 'strategy.appeal_decided',
    verb: 'decide an appeal on',
    from: input.outcome === 'uphold' ? ['authorised', 'lifted', 'expired', 'lapsed'] : ['authorised'],
    refusal: (current) => {
      if (!AUTHORISING_ROLES.includes(actor.role)) return `deciding an appeal needs the supervisor or director role; you are signed in as ${actor.role}`;
      if (current.proposedBy === actor.id || current.authorisedBy === actor.id) {
        return 'an appeal must be decided by someone who neither proposed nor authorised the strategy';
      }
      return null;
    },
    apply: async (tx, _current, now) => {
      const appeal = await findAppeal(tx, appealId);
      if (!appeal || appeal.strategyId !== id) throw AppError.notFound('appeal');
      if (appeal.outcome) throw AppError.conflict('this appeal has already been decided', 'already_decided');
      if (input.restrictions) {
        await checkRestrictions(tx, input.restrictions);
        await replaceRestrictions(tx, id, input.restrictions);
      }
      if (input.outcome === 'lift') await updateStrategyRow(tx, id, { status: 'lifted', liftedBy: actor.id, liftedAt: now, liftReason: `Appeal upheld: ${input.reasons}`, updatedAt: now });
      return decideAppealRow(tx, appealId, { outcome: input.outcome, reasons: input.reasons, decidedBy: actor.id, decidedAt: now });
    },
  });
  return { ...result, strategy };
}
