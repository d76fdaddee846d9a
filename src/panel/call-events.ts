import type { CallDecision } from '../core/call-decision/call-decision.js';
import { SUPERVISING_ROLES } from '../core/roles.js';
import { maskPhoneNumber } from '../core/phone-number.js';
import type { CallerContext } from '../calls/caller-context.js';
import type { LiveCall } from '../calls/call-runtime.js';
import type { Audience, EventBus } from '../events/event-bus.js';
import type { Logger } from '../shared/logger.js';
import { withTimeout } from '../shared/with-timeout.js';
import type { Database } from '../../db/database.js';
import { callHistoryOf, type CallHistory } from './call-history.repository.js';
import { listCustomers } from '../customers/customer.repository.js';
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

/** Tells the panel about a call the moment it is decided: everyone sees it; supervisors see its breaches. */
export async function announceIncomingCall(bus: EventBus, db: Database, logger: Logger, live: LiveCall, context: CallerContext): Promise<void> {
  let history: CallHistory = { terminations: 0, breaches: 0, lastCallAt: null };
  try {
    // A known customer with no strategy is not in the strategy index; agents still see who is calling (R13).
    if (!context.customer && live.callerE164) {
      const [customer] = await withTimeout(listCustomers(db, { phone: live.callerE164, limit: 1, offset: 0 }), 500, 'customer');
      if (customer) context = { ...context, customer };
    }
    const customerId = live.customerId ?? context.customer?.id ?? null;
    history = await withTimeout(callHistoryOf(db, { customerId, callerE164: live.callerE164 }, live.callSid), 500, 'call history');
  } catch (err) {
    logger.warn({ err, callSid: live.callSid }, 'call history unavailable for the panel');
  }
  await bus.publish({ message: { type: 'call.incoming', ...panelCallOf(live, context, history) }, audience: EVERYONE });
  for (const breach of live.decision.breaches) {
    await bus.publish({
      message: {
        type: 'breach.recorded',
        callSid: live.callSid,
        strategyId: breach.strategyId,
        customerId: live.customerId,
        restrictionType: breach.restrictionType,
        detail: breach.detail,
        occurredAt: live.startedAt.toISOString(),
      },
      audience: SUPERVISORS,
    });
  }
}
