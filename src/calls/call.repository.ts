import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { breaches, calls } from '../../db/schema/index.js';
import { randomUUID } from 'node:crypto';
import type { Breach, CallDecision } from '../core/call-decision/call-decision.js';
import type { E164 } from '../core/phone-number.js';
import type { CallRecord } from './call-record.js';

export interface IncomingCallRow {
  callSid: string;
  accountSid: string;
  callerE164: E164 | null;
  callerWithheld: boolean;
  toNumber: string;
  customerId: string | null;
  decision: CallDecision;
  outcome: string;
  status: string;
  statusProgress: number;
  startedAt: Date;
}

/**
 * Records the decision for a call once, whatever Twilio retries: a second webhook for the same CallSid
 * refreshes the decision but never moves the status back.
 */
export async function upsertIncomingCall(ex: Executor, row: IncomingCallRow, callBreaches: readonly Breach[]): Promise<void> {
  const decisionColumns = {
    callerE164: row.callerE164,
    callerWithheld: row.callerWithheld,
    toNumber: row.toNumber,
    customerId: row.customerId,
    strategyIds: row.decision.appliedStrategyIds,
    decisionKind: row.decision.kind,
    decision: row.decision,
    outcome: row.outcome,
  };
  await ex
    .insert(calls)
    .values({ callSid: row.callSid, accountSid: row.accountSid, status: row.status, statusProgress: row.statusProgress, startedAt: row.startedAt, updatedAt: row.startedAt, ...decisionColumns })
    .onConflictDoUpdate({ target: calls.callSid, set: { ...decisionColumns, updatedAt: row.startedAt } });
  if (callBreaches.length === 0) return;
  await ex
    .insert(breaches)
    .values(
      callBreaches.map((b) => ({
        id: randomUUID(),
        callSid: row.callSid,
        strategyId: b.strategyId,
        customerId: row.customerId,
        restrictionType: b.restrictionType,
        detail: b.detail,
        occurredAt: row.startedAt,
      })),
    )
    .onConflictDoNothing();
}

export interface StatusUpdate {
  callSid: string;
  accountSid: string;
  status: string;
  progress: number;
  durationSeconds: number | null;
  endedAt: Date | null;
  at: Date;
}

/** Applies a status callback only if it moves the call forward; unknown calls get a row so nothing is lost. */
export async function applyStatus(ex: Executor, update: StatusUpdate): Promise<boolean> {
  const changes = {
    status: update.status,
    statusProgress: update.progress,
    ...(update.durationSeconds !== null ? { durationSeconds: update.durationSeconds } : {}),
    ...(update.endedAt ? { endedAt: update.endedAt } : {}),
    updatedAt: update.at,
  };
  const inserted = await ex
    .insert(calls)
    .values({
      callSid: update.callSid,
      accountSid: update.accountSid,
      toNumber: '',
      decisionKind: 'unrecorded',
      decision: null,
      outcome: 'unknown',
      startedAt: update.at,
      ...changes,
    })
    .onConflictDoUpdate({ target: calls.callSid, set: changes, setWhere: lt(calls.statusProgress, update.progress) })
    .returning({ callSid: calls.callSid });
  return inserted.length > 0;
}

export async function updateCall(
  ex: Executor,
  callSid: string,
  patch: Partial<Pick<typeof calls.$inferInsert, 'outcome' | 'answeredBy' | 'recordingUrl' | 'recordingSid' | 'emergencyBypassAt' | 'updatedAt'>>,
): Promise<void> {
  await ex.update(calls).set(patch).where(eq(calls.callSid, callSid));
}

export async function findCall(ex: Executor, callSid: string): Promise<CallRecord | null> {
  const [row] = await ex.select().from(calls).where(eq(calls.callSid, callSid)).limit(1);
  return row ? toCallRecord(row) : null;
}

export interface CallFilter {
  customerId?: string | undefined;
  number?: E164 | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  limit: number;
  offset: number;
}

export async function listCalls(ex: Executor, filter: CallFilter): Promise<CallRecord[]> {
  const conditions: SQL[] = [];
  if (filter.customerId) conditions.push(eq(calls.customerId, filter.customerId));
  if (filter.number) conditions.push(eq(calls.callerE164, filter.number));
  if (filter.since) conditions.push(gte(calls.startedAt, filter.since));
  if (filter.until) conditions.push(lte(calls.startedAt, filter.until));
  const rows = await ex
    .select()
    .from(calls)
    .where(and(...conditions))
    .orderBy(desc(calls.startedAt), desc(calls.callSid))
    .limit(filter.limit)
    .offset(filter.offset);
  return rows.map(toCallRecord);
}

/** Earlier calls of one customer since a moment, for frequency limits; `connected` when the decision let them through. */
export async function recentCallsOf(ex: Executor, customerId: string, since: Date, excludeCallSid: string) {
  const rows = await ex
    .select({ startedAt: calls.startedAt, decisionKind: calls.decisionKind })
    .from(calls)
    .where(and(eq(calls.customerId, customerId), gte(calls.startedAt, since), sql`${calls.callSid} <> ${excludeCallSid}`))
    .orderBy(desc(calls.startedAt))
    .limit(1000);
  return rows.map((r) => ({ startedAt: r.startedAt, connected: r.decisionKind === 'connect' }));
}

function toCallRecord(row: typeof calls.$inferSelect): CallRecord {
  return {
    callSid: row.callSid,
    accountSid: row.accountSid,
    callerE164: row.callerE164,
    callerWithheld: row.callerWithheld,
    toNumber: row.toNumber,
    customerId: row.customerId,
    strategyIds: row.strategyIds,
    decisionKind: row.decisionKind,
    decision: row.decision,
    outcome: row.outcome,
    status: row.status,
    durationSeconds: row.durationSeconds,
    answeredBy: row.answeredBy,
    recordingUrl: row.recordingUrl,
    recordingSid: row.recordingSid,
    emergencyBypassAt: row.emergencyBypassAt,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
  };
}
