import type { CallDecision } from '../core/call-decision/call-decision.js';
import { SUPERVISING_ROLES } from '../core/roles.js';
import { maskPhoneNumber } from '../core/phone-number.js';
import type { CallerContext } from '../calls/caller-context.js';
import type { LiveCall } from '../calls/call-runtime.js';
import type { Audience } from '../events/event-bus.js';
import type { CallHistory } from './call-history.repository.js';
import type { PanelCall } from './panel.protocol.js';

export const EVERYONE: Audience = { everyone: true };
export const SUPERVISORS: Audience = { roles: SUPERVISING_ROLES, staffIds: [] };
export const supervisorsAnd = (...staffIds: string[]): Audience => ({ roles: SUPERVISING_ROLES, staffIds });

function summarise(decision: CallDecision): string {
  if (decision.kind === 'refuse') return `refused (${decision.reason})${decision.emergency ? ', emergency key offered' : ''}`;
  const parts = [decision.spoc ? 'single point of contact' : 'connected'];
  if (decision.announcements.length > 0 && !decision.record) parts.push('warning played');
  if (decision.record) parts.push('recorded');
  if (decision.timeLimitSeconds) parts.push(`limited to ${Math.round(decision.timeLimitSeconds / 60)} min`);
  return parts.join(', ');
}

export function panelCallOf(live: LiveCall, context: CallerContext, history: CallHistory): PanelCall {
  const { decision } = live;
  const applied = new Set(decision.appliedStrategyIds);
  return {
    callSid: live.callSid,
    caller: { masked: live.callerE164 ? maskPhoneNumber(live.callerE164) : 'withheld', withheld: decision.callerWithheld },
    customer: context.customer ? { id: context.customer.id, name: context.customer.name, reference: null, language: context.customer.language } : null,
    communicationNeeds: context.customer?.communicationNeeds ?? null,
    strategies: context.strategies
      .filter((s) => applied.has(s.id) || s.status === 'authorised')
      .map((s) => ({ id: s.id, restrictions: s.restrictions.map((r) => r.type), reviewAt: s.reviewAt.toISOString() })),
    decision: {
      kind: decision.kind,
      summary: summarise(decision),
      spocStaffId: decision.kind === 'connect' ? (decision.spoc?.staffId ?? null) : null,
      breaches: decision.breaches.length,
    },
    history,
    status: 'ringing',
    startedAt: live.startedAt.toISOString(),
    claimedBy: null,
    warnings: [],
  };
}
