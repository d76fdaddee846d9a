import { isInForce, type EnforceableStrategy } from '../contact-strategy.js';
import { messagesFor } from '../messages.js';
import type { CallDecision, DecisionInput } from './call-decision.js';
import { isWithinWindows, type WindowRule } from './call-windows.js';
import { connect } from './connection.js';
import { rulesOf, type DecisionContext } from './context.js';
import { checkFrequency } from './frequency.js';
import { refuseBarred, refuseOverLimits, refuseWithheld } from './refusal.js';
import { speechFor } from './speech.js';

function oldestFirst(a: EnforceableStrategy, b: EnforceableStrategy): number {
  return a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Decides what happens to one incoming call. Pure: everything it needs, including the time,
 * is in `input`. Checks run in a fixed order: withheld numbers (when blocked), bars, call
 * windows and frequency limits, then connection with the remaining restrictions.
 */
export function decideCall(input: DecisionInput): CallDecision {
  const speech = speechFor(input.customer);
  const ctx: DecisionContext = {
    input,
    speech,
    text: messagesFor(speech.language),
    callerWithheld: input.caller.kind === 'withheld',
  };
  if (ctx.callerWithheld && input.settings.blockWithheld) return refuseWithheld(ctx);

  const strategies =
    input.customer === null ? [] : input.strategies.filter((s) => isInForce(s, input.now, input.settings.lapseAfterDays)).sort(oldestFirst);

  const bars = rulesOf(strategies, 'bar');
  if (bars.length > 0) return refuseBarred(ctx, bars);

  const windowRules = rulesOf(strategies, 'callWindows').map(
    ({ strategy, restriction }): WindowRule => ({
      strategyId: strategy.id,
      restriction,
      zone: restriction.timeZone ?? input.settings.timeZone,
    }),
  );
  const violatedWindows = windowRules.filter((rule) => !isWithinWindows(rule, input.now));
  const violatedFrequencies = rulesOf(strategies, 'frequency')
    .map(({ strategy, restriction }) =>
      checkFrequency(strategy, restriction, input.recentCalls, input.now, input.settings.timeZone),
    )
    .filter((check) => check.violated);
  if (violatedWindows.length > 0 || violatedFrequencies.length > 0) {
    return refuseOverLimits(ctx, { all: windowRules, violated: violatedWindows }, violatedFrequencies);
  }

  return connect(ctx, strategies);
}
