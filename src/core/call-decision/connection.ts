import type { EnforceableStrategy } from '../contact-strategy.js';
import type { ConnectDecision, Route } from './call-decision.js';
import { rulesOf, uniqueIds, type DecisionContext, type Rule } from './context.js';
import { staffRoute } from './route.js';

type SpocPart = Pick<ConnectDecision, 'routes' | 'spoc' | 'voicemailFor'>;

/**
 * Only the SPOC, then their deputy, may take the call, and then the SPOC's voicemail: never the
 * default route, which would defeat the point of a single point of contact. A person who cannot
 * be reached (no usable number or identity, or missing from the staff list) is skipped.
 */
function spocRouting(ctx: DecisionContext, rule: Rule<'spoc'>): SpocPart {
  const { staffId, deputyStaffId } = rule.restriction;
  const spoc = ctx.input.staff.get(staffId);
  const deputy = deputyStaffId === undefined ? undefined : ctx.input.staff.get(deputyStaffId);
  const routes = [staffRoute(spoc), staffRoute(deputy)].filter((route): route is Route => route !== null);
  return {
    routes,
    spoc: { staffId, deputyStaffId: deputyStaffId ?? null },
    voicemailFor: {
      staffId,
      prompt: ctx.text.spocVoicemail(spoc?.displayName.trim() || null),
      goodbye: ctx.text.voicemailGoodbye,
    },
  };
}

/**
 * Combines the connecting restrictions of every in-force strategy (`strategies` sorted oldest
 * first): all warnings are spoken, any record restriction records, the shortest time limit
 * wins, and when several strategies name a SPOC the most recently started one wins.
 */
export function connect(ctx: DecisionContext, strategies: readonly EnforceableStrategy[]): ConnectDecision {
  const { settings } = ctx.input;
  const spocRule = rulesOf(strategies, 'spoc').at(-1);
  const warnings = rulesOf(strategies, 'warning');
  const records = rulesOf(strategies, 'record');
  const durations = rulesOf(strategies, 'maxDuration');
  const timeLimit = durations.length === 0 ? null : Math.min(...durations.map((rule) => rule.restriction.seconds));
  const shortest = durations.filter((rule) => rule.restriction.seconds === timeLimit);

  const warningTexts = warnings.map(
    (rule) => rule.restriction.message?.trim() || ctx.text.defaultWarning(settings.organisationName),
  );
  const announcements = [
    ...new Set(warningTexts),
    ...(records.length > 0 ? [ctx.text.recordingNotice] : []),
    ...(timeLimit === null ? [] : [ctx.text.timeLimitNotice(timeLimit)]),
  ];
  const routing: SpocPart =
    spocRule === undefined ? { routes: [settings.defaultRoute], spoc: null, voicemailFor: null } : spocRouting(ctx, spocRule);
  const shaping = [...(spocRule === undefined ? [] : [spocRule]), ...warnings, ...records, ...shortest];

  return {
    kind: 'connect',
    ...routing,
    announcements,
    record: records.length > 0,
    timeLimitSeconds: timeLimit,
    appliedStrategyIds: uniqueIds(
      strategies.filter((s) => shaping.some((rule) => rule.strategy.id === s.id)).map((s) => s.id),
    ),
    breaches: [],
    speech: ctx.speech,
    callerWithheld: ctx.callerWithheld,
    unavailable: ctx.text.nobodyAvailable,
  };
}
