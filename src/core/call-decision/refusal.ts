import type { Breach, EmergencyOption, RefuseDecision, RefusalReason } from './call-decision.js';
import { describeWindows, nextOpening, type Opening, type WindowRule } from './call-windows.js';
import { uniqueIds, type DecisionContext, type Rule } from './context.js';
import type { FrequencyCheck } from './frequency.js';
import { parseRoute } from './route.js';
import { inZone, spokenDate, wallClock } from './zoned-time.js';

/** The key a barred caller presses for the emergency line (also named in the letter). */
export const EMERGENCY_KEY = '1';

function refuse(
  ctx: DecisionContext,
  reason: RefusalReason,
  message: string[],
  breaches: Breach[],
  extra: Pick<RefuseDecision, 'callsAcceptedFrom' | 'emergency'>,
): RefuseDecision {
  return {
    kind: 'refuse',
    reason,
    message,
    breaches,
    appliedStrategyIds: uniqueIds(breaches.map((b) => b.strategyId)),
    speech: ctx.speech,
    callerWithheld: ctx.callerWithheld,
    goodbye: ctx.text.goodbye(ctx.input.settings.organisationName),
    ...extra,
  };
}

/** R7 and R8: every refused customer hears how they can still reach us and raise a new matter. */
function stillOpen(ctx: DecisionContext): string[] {
  const { alternativeContact, alternativeContactWelsh } = ctx.input.settings;
  const welsh = alternativeContactWelsh?.trim() ?? '';
  const alternative = ctx.speech.language === 'cy-GB' && welsh !== '' ? welsh : alternativeContact.trim();
  return [...(alternative === '' ? [] : [alternative]), ctx.text.newMatterInWriting];
}

export function refuseWithheld(ctx: DecisionContext): RefuseDecision {
  const org = ctx.input.settings.organisationName;
  const message = [ctx.text.withheldNotAccepted(org), ctx.text.callFromShownNumber];
  return refuse(ctx, 'withheld', message, [], { callsAcceptedFrom: null, emergency: null });
}

/** The emergency key is offered only when every bar allows it: the strictest strategy wins. */
export function refuseBarred(ctx: DecisionContext, bars: readonly Rule<'bar'>[]): RefuseDecision {
  const { settings } = ctx.input;
  const route = settings.emergencyRoute === null ? null : parseRoute(settings.emergencyRoute);
  const emergency: EmergencyOption | null =
    route !== null && bars.every((bar) => bar.restriction.emergencyBypass)
      ? {
          key: EMERGENCY_KEY,
          route,
          prompt: ctx.text.emergencyPrompt(EMERGENCY_KEY),
          connecting: ctx.text.emergencyConnecting,
          goodbye: ctx.text.emergencyGoodbye,
        }
      : null;
  const detail = emergency === null ? 'Called while barred' : 'Called while barred; the emergency key was offered';
  const breaches = bars.map((bar): Breach => ({ strategyId: bar.strategy.id, restrictionType: 'bar', detail }));
  const message = [ctx.text.barred(settings.organisationName), ...stillOpen(ctx)];
  return refuse(ctx, 'bar', message, breaches, { callsAcceptedFrom: null, emergency });
}

function staffTime(instant: Date, zone: string): string {
  return `${inZone(instant, zone).setLocale('en-GB').toFormat('ccc d LLL yyyy HH:mm')} (${zone})`;
}

function windowBreach(rule: WindowRule, now: Date): Breach {
  const detail = `Called at ${staffTime(now, rule.zone)}, outside the permitted call windows: ${describeWindows(rule)}`;
  return { strategyId: rule.strategyId, restrictionType: 'callWindows', detail };
}

function frequencyBreach(check: FrequencyCheck, zone: string): Breach {
  const { maxCalls, per } = check.restriction;
  const detail =
    `Limit of ${maxCalls} connected call${maxCalls === 1 ? '' : 's'} per ${per} reached: ` +
    `${check.count} since ${staffTime(check.since, zone)}`;
  return { strategyId: check.strategyId, restrictionType: 'frequency', detail };
}

function callAgain(ctx: DecisionContext, opening: Opening | null, zone: string): string[] {
  if (opening === null) return [];
  const start = inZone(opening.start, zone);
  if (opening.end === null) return [ctx.text.callAgainFrom(spokenDate(start))];
  return [ctx.text.callAgainBetween(spokenDate(start), wallClock(start), wallClock(inZone(opening.end, zone)))];
}

/**
 * Refuses a call outside the permitted windows or over a frequency limit. Every violated
 * restriction is a breach; the caller hears when a call would next pass every check.
 */
export function refuseOverLimits(
  ctx: DecisionContext,
  windows: { all: readonly WindowRule[]; violated: readonly WindowRule[] },
  frequencies: readonly FrequencyCheck[],
): RefuseDecision {
  const { now, settings } = ctx.input;
  const org = settings.organisationName;
  // The frequency limit that lifts last decides when the caller may call again.
  const binding = [...frequencies].sort((a, b) => b.resetsAt.getTime() - a.resetsAt.getTime())[0];
  const notBefore = binding !== undefined && binding.resetsAt > now ? binding.resetsAt : now;
  const opening = nextOpening(windows.all, notBefore);
  const speakingZone = windows.all[0]?.zone ?? settings.timeZone;
  const message = [
    ...(windows.violated.length > 0 ? [ctx.text.outsideCallWindows(org)] : []),
    ...(binding === undefined
      ? []
      : [ctx.text.frequencyLimitReached(org, binding.restriction.maxCalls, binding.restriction.per)]),
    ...callAgain(ctx, opening, speakingZone),
    ...stillOpen(ctx),
  ];
  const breaches = [
    ...windows.violated.map((rule) => windowBreach(rule, now)),
    ...frequencies.map((check) => frequencyBreach(check, settings.timeZone)),
  ];
  const reason = windows.violated.length > 0 ? 'callWindows' : 'frequency';
  return refuse(ctx, reason, message, breaches, { callsAcceptedFrom: opening?.start.toISOString() ?? null, emergency: null });
}
