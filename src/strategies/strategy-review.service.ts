import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps.js';
import type { Actor } from '../core/roles.js';
import { authorisationRefusal, decisionRefusal } from '../core/strategy-authority.js';
import { AppError } from '../shared/app-error.js';
import type { ReviewInput } from './strategy.schemas.js';
import { replaceRestrictions, updateStrategyRow } from './strategy.repository.js';
import { insertReview } from './strategy-history.repository.js';
import { changeStrategy } from './strategy-change.js';
import { addMonths, checkRestrictions, DEFAULT_REVIEW_MONTHS, reviewDateProblem } from './strategy-validation.js';

/**
 * A periodic review (R9): continue, ease or tighten (replacing the restrictions), or lift. A tighten adds
 * restrictions, so it needs the authority of a new strategy (R5); the others need a supervisor or director.
 */
export async function reviewStrategy(deps: AppDeps, actor: Actor, id: string, input: ReviewInput) {
  const { strategy, result } = await changeStrategy(deps, actor, id, {
    action: 'strategy.reviewed',
    verb: 'review',
    from: ['authorised'],
    refusal: (current) =>
      input.outcome === 'tighten' ? authorisationRefusal(actor, current) : decisionRefusal(actor, 'reviewing a contact strategy'),
    apply: async (tx, current, now) => {
      const nextReviewAt = input.outcome === 'lift' ? null : (input.nextReviewAt ?? addMonths(now, DEFAULT_REVIEW_MONTHS));
      const problem = nextReviewAt && reviewDateProblem(nextReviewAt, now);
      if (problem) throw AppError.invalid({ nextReviewAt: problem });
      if (input.restrictions) {
        await checkRestrictions(tx, input.restrictions);
        await replaceRestrictions(tx, id, input.restrictions);
      }
      await updateStrategyRow(tx, id, {
        ...(nextReviewAt ? { reviewAt: nextReviewAt } : {}),
        ...(input.outcome === 'lift' ? { status: 'lifted', liftedBy: actor.id, liftedAt: now, liftReason: input.notes } : {}),
        updatedAt: now,
      });
      return insertReview(tx, {
        id: randomUUID(),
        strategyId: id,
        outcome: input.outcome,
        notes: input.notes,
        dueAt: current.reviewAt,
        reviewedAt: now,
        reviewedBy: actor.id,
        nextReviewAt,
        restrictionsBefore: current.restrictions,
        restrictionsAfter: input.restrictions ?? current.restrictions,
      });
    },
  });
  return { ...result, onTime: result.reviewedAt <= result.dueAt, strategy };
}
