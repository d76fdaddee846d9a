import { randomUUID } from 'node:crypto';
import { findCall } from '../calls/call.repository.js';
import { customersByNumbers } from '../customers/customer.repository.js';
import type { Actor } from '../core/roles.js';
import type { E164 } from '../core/phone-number.js';
import { recordAuditEvent } from '../audit/audit.repository.js';
import { supervisorsAnd, SUPERVISORS } from '../panel/call-events.js';
import type { PanelRuntime } from '../panel/panel-runtime.js';
import type { PanelTermination, TerminationReason } from '../panel/panel.protocol.js';
import { AppError } from '../shared/app-error.js';
import { findTermination, insertTermination, updateTermination, type EndState } from './termination.repository.js';
import { suggestEscalationIfDue } from '../escalations/escalation.service.js';

export interface TerminationInput {
  callSid: string;
  reason: TerminationReason;
  details: string;
  warned: boolean;
  warnedAt?: string | undefined;
  justification?: string | undefined;
}

/**
 * Who was on the line: the number from this instance's live call or the call record; the customer from the
 * strategy index, the panel's card, or else the customer who owns the number (the card may not have arrived
 * yet when an agent logs a termination the moment the call ends, and repeats must count against one customer).
 */
async function callerOf(panel: PanelRuntime, callSid: string): Promise<{ customerId: string | null; callerE164: E164 | null }> {
  const live = panel.calls.liveCalls.get(callSid);
  const card = panel.board.get(callSid);
  const record = live ?? (await findCall(panel.deps.db, callSid));
  if (!record) throw AppError.notFound('call');
  const known = record.customerId ?? card?.customer?.id ?? null;
  if (known || !record.callerE164) return { customerId: known, callerE164: record.callerE164 };
  const owner = (await customersByNumbers(panel.deps.db, [record.callerE164])).get(record.callerE164);
  return { customerId: owner?.id ?? null, callerE164: record.callerE164 };
}

/**
 * Ends the live call through Twilio (when `endLive`) and logs why, in one step (R1, R2). Logged even when
 * Twilio fails ("end requested, not confirmed"); a retry re-tries Twilio but never logs twice.
 */
export async function terminateCall(panel: PanelRuntime, actor: Actor, input: TerminationInput, endLive: boolean): Promise<PanelTermination> {
  const { db, clock } = panel.deps;
  const existing = await findTermination(db, { callSid: input.callSid });
  if (existing) {
    if (!endLive || existing.endState !== 'end_requested_unconfirmed') return existing;
    const retried = await endState(panel, input.callSid);
    if (retried !== existing.endState) await updateTermination(db, existing.id, { endState: retried });
    const updated = (await findTermination(db, { id: existing.id })) ?? existing;
    await panel.bus.publish({ message: { type: 'termination.logged', ...updated }, audience: supervisorsAnd(actor.id) });
    return updated;
  }

  const who = await callerOf(panel, input.callSid);
  const state: EndState = endLive ? await endState(panel, input.callSid) : 'logged_after_call';
  const now = clock.now();
  const id = randomUUID();
  const serious = input.reason === 'threat_of_violence';
  await db.transaction(async (tx) => {
    const row = {
      id,
      callSid: input.callSid,
      customerId: who.customerId,
      callerE164: who.callerE164,
      staffId: actor.id,
      reason: input.reason,
      details: input.details,
      warned: input.warned,
      warnedAt: input.warnedAt ? new Date(input.warnedAt) : null,
      justification: input.justification ?? null,
      endState: state,
      serious,
      createdAt: now,
    };
    await insertTermination(tx, row);
    await recordAuditEvent(tx, { actor, action: endLive ? 'call.terminated' : 'termination.logged', entityType: 'termination', entityId: id, before: null, after: { ...row, callerE164: undefined }, at: now });
  });
  const termination = await findTermination(db, { id });
  if (!termination) throw new Error('termination vanished after insert');

  // Reported to the line manager at once (R2); threats are serious incidents (R14); repeats may lead to a bar (R3).
  await panel.bus.publish({ message: { type: 'termination.logged', ...termination }, audience: supervisorsAnd(actor.id) });
  if (serious) await panel.bus.publish({ message: { type: 'incident.serious', termination }, audience: SUPERVISORS });
  const suggestion = await suggestEscalationIfDue(panel.deps, who);
  if (suggestion) {
    await panel.bus.publish({
      message: {
        type: 'escalation.suggested',
        id: suggestion.id,
        customerId: suggestion.customerId,
        callerMasked: termination.callerMasked,
        terminations: suggestion.terminationIds.length,
        withinDays: panel.deps.config.escalation.withinDays,
        terminationIds: suggestion.terminationIds,
      },
      audience: SUPERVISORS,
    });
  }
  return termination;
}

async function endState(panel: PanelRuntime, callSid: string): Promise<EndState> {
  const result = await panel.callControl.endCall(callSid);
  if (result.outcome === 'ended') return 'ended';
  if (result.outcome === 'already-ended') return 'already_ended';
  return 'end_requested_unconfirmed';
}

/** A supervisor closes a termination on their queue with a note (R2, R14). */
export async function acknowledgeTermination(panel: PanelRuntime, actor: Actor, id: string, note: string): Promise<PanelTermination> {
  const { db, clock } = panel.deps;
  const now = clock.now();
  await db.transaction(async (tx) => {
    const before = await findTermination(tx, { id });
    if (!before) throw AppError.notFound('termination');
    if (before.acknowledgedAt) throw AppError.conflict('this termination has already been acknowledged', 'already_acknowledged');
    // Reported to the line manager (R2): someone other than the person who ended the call.
    if (before.staff.id === actor.id) throw AppError.forbidden('a termination is acknowledged by someone other than the person who ended the call');
    await updateTermination(tx, id, { acknowledgedBy: actor.id, acknowledgedAt: now, acknowledgementNote: note });
    await recordAuditEvent(tx, { actor, action: 'termination.acknowledged', entityType: 'termination', entityId: id, before, after: { ...before, acknowledgedBy: actor.id, acknowledgedAt: now, acknowledgementNote: note }, at: now });
  });
  const after = await findTermination(db, { id });
  if (!after) throw AppError.notFound('termination');
  await panel.bus.publish({ message: { type: 'termination.acknowledged', ...after }, audience: supervisorsAnd(after.staff.id) });
  return after;
}
