import type { EnforceableStrategy } from '../contact-strategy.js';
import type { Messages } from '../messages.js';
import type { RestrictionOf, RestrictionType } from '../restriction.js';
import type { DecisionInput, Speech } from './call-decision.js';

/** What every part of a decision needs: the input, and the voice and texts for this caller. */
export interface DecisionContext {
  input: DecisionInput;
  speech: Speech;
  text: Messages;
  callerWithheld: boolean;
}

/** One restriction together with the in-force strategy it belongs to. */
export interface Rule<T extends RestrictionType> {
  strategy: EnforceableStrategy;
  restriction: RestrictionOf<T>;
}

export function rulesOf<T extends RestrictionType>(strategies: readonly EnforceableStrategy[], type: T): Rule<T>[] {
  return strategies.flatMap((strategy) =>
    strategy.restrictions
      .filter((restriction): restriction is RestrictionOf<T> => restriction.type === type)
      .map((restriction) => ({ strategy, restriction })),
  );
}

export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
