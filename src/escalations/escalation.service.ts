import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps.js';
import { isInForce } from '../core/contact-strategy.js';
import type { E164 } from '../core/phone-number.js';
import type { Actor } from '../core/roles.js';
import { recordAuditEvent } from '../audit/audit.repository.js';
import { AppError } from '../shared/app-error.js';
import { REASON_LABELS } from '../panel/panel.protocol.js';
import { listStrategies } from '../strategies/strategy.repository.js';
import { recentTerminationIds } from '../terminations/termination.repository.js';
import { decideEscalation, evidenceOf, findEscalation, insertEscalation, openEscalationFor, type EscalationRow } from './escalation.repository.js';

/**
 * R3: N terminated calls within D days from a caller who has no bar in force put a suggestion on the
 * supervisors' dashboard, once (an open suggestion is not repeated).
 */
export async function suggestEscalationIfDue(deps: AppDeps, who: { customerId: string | null; callerE164: E164 | null }): Promise<EscalationRow | null> {
  const now = deps.clock.now();
  const { terminations, withinDays } = deps.config.escalation;
  const ids = await recentTerminationIds(deps.db, who, new Date(now.getTime() - withinDays * 86_400_000));
  if (ids.length < terminations) return null;
  if (who.customerId) {
    const strategies = await listStrategies(deps.db, { status: 'authorised', customerIds: [who.customerId], limit: 50, offset: 0 }, now, deps.config.lapseAfterDays);
    if (strategies.some((s) => isInForce(s, now, deps.config.lapseAfterDays) && s.restrictions.some((r) => r.type === 'bar'))) return null;
  }
  if (await openEscalationFor(deps.db, who)) return null;
  return deps.db.transaction(async (tx) => {
    const created = await insertEscalation(tx, { id: randomUUID(), customerId: who.customerId, callerE164: who.callerE164, terminationIds: ids, status: 'open', createdAt: now });
    await recordAuditEvent(tx, { actor: null, action: 'escalation.suggested', entityType: 'customer', entityId: who.customerId ?? 'unknown-caller', before: null, after: { escalationId: created.id, terminationIds: ids }, at: now });
    return created;
  });
}

async function openSuggestion(deps: AppDeps, id: string): Promise<EscalationRow> {
  const suggestion = await findEscalation(deps.db, id);
  if (!suggestion) throw AppError.notFound('escalation suggestion');
  if (suggestion.status !== 'open') throw AppError.conflict(`this suggestion was already ${suggestion.status}`, 'already_decided');
  return suggestion;
}

/** Accepting opens a proposal pre-filled from the evidence: each terminated call is cited as a prior warning. */
export async function acceptEscalation(deps: AppDeps, actor: Actor, id: string) {
  const suggestion = await openSuggestion(deps, id);
  const evidence = await evidenceOf(deps.db, suggestion.terminationIds);
  const now = deps.clock.now();
  const decided = await deps.db.transaction(async (tx) => {
    const row = await decideEscalation(tx, id, { status: 'accepted', decidedBy: actor.id, decidedAt: now, note: null });
    await recordAuditEvent(tx, { actor, action: 'escalation.accepted', entityType: 'customer', entityId: suggestion.customerId ?? 'unknown-caller', before: suggestion, after: row, at: now });
    return row;
  });
  return {
    suggestion: decided,
    proposal: {
      customerId: suggestion.customerId,
      reason: `${evidence.length} calls ended by staff within ${deps.config.escalation.withinDays} days because of the caller's behaviour.`,
      priorWarnings: evidence.map((t) => ({
        date: t.createdAt.toISOString().slice(0, 10),
        summary: `Call ended by ${t.staffName}: ${REASON_LABELS[t.reason]}${t.warned ? ', after a warning' : ''}.${t.details ? ` ${t.details}` : ''}`,
      })),
      restrictions: [],
    },
  };
}

export async function dismissEscalation(deps: AppDeps, actor: Actor, id: string, note: string): Promise<EscalationRow> {
  const suggestion = await openSuggestion(deps, id);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await decideEscalation(tx, id, { status: 'dismissed', decidedBy: actor.id, decidedAt: now, note });
    await recordAuditEvent(tx, { actor, action: 'escalation.dismissed', entityType: 'customer', entityId: suggestion.customerId ?? 'unknown-caller', before: suggestion, after: row, at: now });
    return row;
  });
}

export async function escalationWithEvidence(deps: AppDeps, row: EscalationRow) {
  return { ...row, evidence: await evidenceOf(deps.db, row.terminationIds) };
}
