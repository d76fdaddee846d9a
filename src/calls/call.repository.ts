import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { breaches, calls } from '../../db/schema/index.js';
import { randomUUID } from 'node:crypto';
import type { Breach, CallDecision } from '../core/call-decision/call-decision.js';
import type { E164 } from '../core/phone-number.js';
import { FINISHED_PROGRESS, type CallRecord } from './call-record.js';

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
 * Records calls' decisions (group commit: many in one statement), once per CallSid whatever Twilio retries:
 * a repeat refreshes the decision but never moves the status back. The last row for a CallSid wins in a batch.
 */
export async function upsertIncomingCalls(ex: Executor, items: ReadonlyArray<{ row: IncomingCallRow; breaches: readonly Breach[] }>): Promise<boolean[]> {
  const latest = new Map(items.map((item) => [item.row.callSid, item]));
  const rows = [...latest.values()];
  if (rows.length === 0) return [];
  const written = await ex
    .insert(calls)
    .values(
      rows.map(({ row }) => ({
        callSid: row.callSid,
        accountSid: row.accountSid,
        status: row.status,
        statusProgress: row.statusProgress,
        startedAt: row.startedAt,
        updatedAt: row.startedAt,
        callerE164: row.callerE164,
        callerWithheld: row.callerWithheld,
        toNumber: row.toNumber,
        customerId: row.customerId,
        strategyIds: row.decision.appliedStrategyIds,
        decisionKind: row.decision.kind,
        decision: row.decision,
        outcome: row.outcome,
      })),
    )
    .onConflictDoUpdate({
      target: calls.callSid,
      set: {
        callerE164: sql`excluded.caller_e164`,
        callerWithheld: sql`excluded.caller_withheld`,
        toNumber: sql`excluded.to_number`,
        customerId: sql`excluded.customer_id`,
        strategyIds: sql`excluded.strategy_ids`,
        decisionKind: sql`excluded.decision_kind`,
        decision: sql`excluded.decision`,
        outcome: sql`excluded.outcome`,
        updatedAt: sql`excluded.updated_at`,
      },
      // A replayed webhook for a call that has already ended changes nothing, unless only its status had
      // arrived so far (a callback that overtook the call's own webhook): that row still needs its decision.
      setWhere: sql`${calls.statusProgress} < ${FINISHED_PROGRESS} or ${calls.decisionKind} = 'unrecorded'`,
    })
    .returning({ callSid: calls.callSid });
  const applied = new Set(written.map((w) => w.callSid));
  const breachRows = rows.filter(({ row }) => applied.has(row.callSid)).flatMap(({ row, breaches: list }) =>
    list.map((b) => ({ id: randomUUID(), callSid: row.callSid, strategyId: b.strategyId, customerId: row.customerId, restrictionType: b.restrictionType, detail: b.detail, occurredAt: row.startedAt })),
  );
  if (breachRows.length > 0) await ex.insert(breaches).values(breachRows).onConflictDoNothing();
  return items.map((item) => applied.has(item.row.callSid));
}

/**
 * Status callbacks, many in one statement: per call only the furthest counts, and only if it moves the call
 * forward; a call not yet recorded gets a row so nothing is lost.
 */
export async function applyStatuses(ex: Executor, updates: readonly StatusUpdate[]): Promise<void[]> {
  const furthest = new Map<string, StatusUpdate>();
  for (const update of updates) {
    const seen = furthest.get(update.callSid);
    if (!seen || seen.progress < update.progress) furthest.set(update.callSid, update);
  }
  if (furthest.size === 0) return [];
  await ex
    .insert(calls)
    .values(
      [...furthest.values()].map((u) => ({
        callSid: u.callSid,
        accountSid: u.accountSid,
        toNumber: '',
        decisionKind: 'unrecorded',
        decision: null,
        outcome: 'unknown',
        startedAt: u.at,
        status: u.status,
        statusProgress: u.progress,
        durationSeconds: u.durationSeconds,
        endedAt: u.endedAt,
        updatedAt: u.at,
      })),
    )
    .onConflictDoUpdate({
      target: calls.callSid,
      set: {
        status: sql`excluded.status`,
        statusProgress: sql`excluded.status_progress`,
        durationSeconds: sql`coalesce(excluded.duration_seconds, ${calls.durationSeconds})`,
        endedAt: sql`coalesce(excluded.ended_at, ${calls.endedAt})`,
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: sql`${calls.statusProgress} < excluded.status_progress`,
    });
  return updates.map(() => undefined);
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
