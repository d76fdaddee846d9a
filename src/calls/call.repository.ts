import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { calls } from '../../db/schema/index.js';
import { z } from 'zod';
import { queryRows } from '../../db/query-rows.js';
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
  if (latest.size === 0) return [];
  const rows = [...latest.values()].map(({ row }) => ({
    call_sid: row.callSid,
    account_sid: row.accountSid,
    status: row.status,
    status_progress: row.statusProgress,
    started_at: row.startedAt,
    caller_e164: row.callerE164,
    caller_withheld: row.callerWithheld,
    to_number: row.toNumber,
    customer_id: row.customerId,
    strategy_ids: row.decision.appliedStrategyIds,
    decision_kind: row.decision.kind,
    decision: row.decision,
    outcome: row.outcome,
  }));
  const breachRows = [...latest.values()].flatMap(({ row, breaches: list }) =>
    list.map((b) => ({ call_sid: row.callSid, strategy_id: b.strategyId, customer_id: row.customerId, restriction_type: b.restrictionType, detail: b.detail, occurred_at: row.startedAt })),
  );
  // One statement (so one round trip, atomic without a transaction) and two parameters, however many calls:
  // building a many-row insert parameter by parameter cost more CPU than the rest of a webhook.
  const written = await queryRows(
    ex,
    sql`with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(call_sid text, account_sid text, status text, status_progress integer,
        started_at timestamptz, caller_e164 text, caller_withheld boolean, to_number text, customer_id uuid, strategy_ids jsonb, decision_kind text,
        decision jsonb, outcome text)
    ), written as (
      insert into calls as c (call_sid, account_sid, status, status_progress, started_at, updated_at, caller_e164, caller_withheld, to_number,
        customer_id, strategy_ids, decision_kind, decision, outcome)
      select call_sid, account_sid, status, status_progress, started_at, started_at, caller_e164, caller_withheld, to_number,
        customer_id, strategy_ids, decision_kind, decision, outcome from input
      on conflict (call_sid) do update set caller_e164 = excluded.caller_e164, caller_withheld = excluded.caller_withheld,
        to_number = excluded.to_number, customer_id = excluded.customer_id, strategy_ids = excluded.strategy_ids,
        decision_kind = excluded.decision_kind, decision = excluded.decision, outcome = excluded.outcome, updated_at = excluded.updated_at
      -- A replayed webhook for a call that has already ended changes nothing, unless only its status had
      -- arrived so far (a callback that overtook the call's own webhook): that row still needs its decision.
      where c.status_progress < ${FINISHED_PROGRESS} or c.decision_kind = 'unrecorded'
      returning c.call_sid
    ), recorded_breaches as (
      insert into breaches (id, call_sid, strategy_id, customer_id, restriction_type, detail, occurred_at)
      select gen_random_uuid(), b.call_sid, b.strategy_id, b.customer_id, b.restriction_type, b.detail, b.occurred_at
      from jsonb_to_recordset(${JSON.stringify(breachRows)}::jsonb) as b(call_sid text, strategy_id uuid, customer_id uuid, restriction_type text,
        detail text, occurred_at timestamptz)
      join written w on w.call_sid = b.call_sid
      on conflict do nothing
    )
    select call_sid from written`,
    writtenRow,
  );
  const applied = new Set(written.map((w) => w.call_sid));
  return items.map((item) => applied.has(item.row.callSid));
}

const writtenRow = z.object({ call_sid: z.string() });

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
  const rows = [...furthest.values()].map((u) => ({
    call_sid: u.callSid,
    account_sid: u.accountSid,
    status: u.status,
    status_progress: u.progress,
    duration_seconds: u.durationSeconds,
    ended_at: u.endedAt,
    at: u.at,
  }));
  await ex.execute(sql`insert into calls as c (call_sid, account_sid, to_number, decision_kind, decision, outcome, started_at, status, status_progress,
      duration_seconds, ended_at, updated_at)
    select call_sid, account_sid, '', 'unrecorded', null, 'unknown', at, status, status_progress, duration_seconds, ended_at, at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(call_sid text, account_sid text, status text, status_progress integer,
      duration_seconds integer, ended_at timestamptz, at timestamptz)
    on conflict (call_sid) do update set status = excluded.status, status_progress = excluded.status_progress,
      duration_seconds = coalesce(excluded.duration_seconds, c.duration_seconds), ended_at = coalesce(excluded.ended_at, c.ended_at),
      updated_at = excluded.updated_at
    where c.status_progress < excluded.status_progress`);
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
