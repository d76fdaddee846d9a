import { and, asc, count, eq, inArray, lt, not, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database, Executor, Transaction } from '../../db/database.js';
import { queryRows } from '../../db/query-rows.js';
import { z } from 'zod';
import { breaches, calls, escalationSuggestions, terminatedCalls, voicemails } from '../../db/schema/index.js';
import { recordAuditEvent } from '../audit/audit.repository.js';

// R15: personal data is kept under a retention policy. "Old call records are purged, the audit of decisions
// is kept": calls with their breaches and voicemails (recording details included), and closed terminations,
// go once they are older than RETENTION_DAYS; audit_events is never touched (it is append-only and chained),
// and each purge that deletes anything adds one audited event with the counts. See docs/RETENTION.md.

const DAY_MS = 86_400_000;
/** Only one purge at a time across instances; a second one finds the lock taken and does nothing. */
export const PURGE_LOCK = 72_021_015;
/** Rows per DELETE statement. */
export const PURGE_BATCH_SIZE = 5_000;
/** DELETE statements per table in one run (one transaction); a larger backlog takes several runs. */
export const PURGE_MAX_BATCHES = 50;

/** All purge events hang off one entity, so `GET /api/audit?entity=retention&id=call-records` lists them. */
export const RETENTION_AUDIT_ENTITY_ID = 'call-records';

export interface PurgeSettings {
  now: Date;
  retentionDays: number;
  /** Month totals in the audit event are by calendar month in this zone, like the reports. */
  timeZone: string;
  batchSize?: number;
  maxBatches?: number;
}

export interface PurgeCounts {
  calls: number;
  breaches: number;
  voicemails: number;
  terminations: number;
}

/** What the removed rows contributed to the reports (R11), by month: the numbers survive in the audit trail. */
export interface MonthTotals {
  breaches: Record<string, number>;
  terminations: Record<string, number>;
  emergencyBypasses: number;
}

export interface PurgeResult {
  /** `busy`: another instance held the purge lock, nothing was done. `nothing`: nothing was old enough. */
  outcome: 'purged' | 'nothing' | 'busy';
  retentionDays: number;
  /** Records from before this instant are expired. */
  cutoff: Date;
  counts: PurgeCounts;
  /** Terminations older than the cutoff that are kept because they are still open (see `openTermination`). */
  heldBack: { terminations: number };
  byMonth: Record<string, MonthTotals>;
  /** False when the run stopped at its batch limit with more to purge: run it again. */
  complete: boolean;
}

export interface PurgePreview {
  retentionDays: number;
  cutoff: Date;
  counts: PurgeCounts;
  heldBack: { terminations: number };
}

export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * A termination stays while it still asks something of a supervisor, however old: not yet acknowledged
 * (R2: it stays in their queue until then), a threat with no recorded action (R14), or part of the evidence
 * of an escalation suggestion still open (R3).
 */
function openTermination(): SQL {
  return or(
    sql`${terminatedCalls.acknowledgedAt} is null`,
    and(eq(terminatedCalls.serious, true), sql`${terminatedCalls.incidentResolvedAt} is null`),
    sql`exists (select 1 from ${escalationSuggestions} where ${escalationSuggestions.status} = 'open' and ${escalationSuggestions.terminationIds} @> jsonb_build_array(${terminatedCalls.id}::text))`,
  ) as SQL;
}

function expiredTerminations(cutoff: Date): SQL {
  return and(lt(terminatedCalls.createdAt, cutoff), not(openTermination())) as SQL;
}

/** What a purge at `now` would delete, counted without deleting (`npm run purge -- --dry-run`). */
export async function previewPurge(ex: Executor, settings: Pick<PurgeSettings, 'now' | 'retentionDays'>): Promise<PurgePreview> {
  const cutoff = retentionCutoff(settings.now, settings.retentionDays);
  const expiredCalls = ex.select({ sid: calls.callSid }).from(calls).where(lt(calls.startedAt, cutoff));
  const total = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;
  const [callCount, breachCount, voicemailCount, terminationCount, heldBack] = await Promise.all([
    total(ex.select({ n: count() }).from(calls).where(lt(calls.startedAt, cutoff))),
    total(ex.select({ n: count() }).from(breaches).where(inArray(breaches.callSid, expiredCalls))),
    total(ex.select({ n: count() }).from(voicemails).where(inArray(voicemails.callSid, expiredCalls))),
    total(ex.select({ n: count() }).from(terminatedCalls).where(expiredTerminations(cutoff))),
    total(ex.select({ n: count() }).from(terminatedCalls).where(and(lt(terminatedCalls.createdAt, cutoff), openTermination()))),
  ]);
  return {
    retentionDays: settings.retentionDays,
    cutoff,
    counts: { calls: callCount, breaches: breachCount, voicemails: voicemailCount, terminations: terminationCount },
    heldBack: { terminations: heldBack },
  };
}

/**
 * Deletes expired call records in one transaction, in statements of at most `batchSize` rows, and records
 * one `retention.purged` audit event in that same transaction when anything went. Idempotent: a second run
 * finds nothing and writes nothing. Safe with several instances: an advisory lock lets one purge at a time.
 */
export async function purgeExpiredRecords(db: Database, settings: PurgeSettings): Promise<PurgeResult> {
  const cutoff = retentionCutoff(settings.now, settings.retentionDays);
  const batchSize = settings.batchSize ?? PURGE_BATCH_SIZE;
  const maxBatches = settings.maxBatches ?? PURGE_MAX_BATCHES;
  const month = (column: AnyPgColumn) => sql<string>`to_char(${column} at time zone ${settings.timeZone}, 'YYYY-MM')`;

  return db.transaction(async (tx) => {
    const result: PurgeResult = {
      outcome: 'nothing',
      retentionDays: settings.retentionDays,
      cutoff,
      counts: { calls: 0, breaches: 0, voicemails: 0, terminations: 0 },
      heldBack: { terminations: 0 },
      byMonth: {},
      complete: true,
    };
    if (!(await tryPurgeLock(tx))) return { ...result, outcome: 'busy', complete: false };
    const totals = (key: string): MonthTotals => (result.byMonth[key] ??= { breaches: {}, terminations: {}, emergencyBypasses: 0 });

    // Calls, oldest first; their breaches and voicemails are deleted explicitly (not left to the cascade) so
    // they are counted. Rows another transaction holds are skipped and left for the next run.
    let callsDone = false;
    for (let batch = 0; batch < maxBatches && !callsDone; batch++) {
      const picked = await tx
        .select({ sid: calls.callSid })
        .from(calls)
        .where(lt(calls.startedAt, cutoff))
        .orderBy(asc(calls.startedAt))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      callsDone = picked.length < batchSize;
      if (picked.length === 0) break;
      const sids = picked.map((row) => row.sid);
      const goneBreaches = await tx
        .delete(breaches)
        .where(inArray(breaches.callSid, sids))
        .returning({ month: month(breaches.occurredAt), type: breaches.restrictionType });
      const goneVoicemails = await tx.delete(voicemails).where(inArray(voicemails.callSid, sids)).returning({ id: voicemails.id });
      const goneCalls = await tx
        .delete(calls)
        .where(inArray(calls.callSid, sids))
        .returning({ bypassMonth: sql<string | null>`case when ${calls.emergencyBypassAt} is null then null else ${month(calls.emergencyBypassAt)} end` });
      result.counts.breaches += goneBreaches.length;
      result.counts.voicemails += goneVoicemails.length;
      result.counts.calls += goneCalls.length;
      for (const row of goneBreaches) bump(totals(row.month).breaches, row.type);
      for (const row of goneCalls) if (row.bypassMonth) totals(row.bypassMonth).emergencyBypasses += 1;
    }

    let terminationsDone = false;
    for (let batch = 0; batch < maxBatches && !terminationsDone; batch++) {
      const picked = tx
        .select({ id: terminatedCalls.id })
        .from(terminatedCalls)
        .where(expiredTerminations(cutoff))
        .orderBy(asc(terminatedCalls.createdAt))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      const gone = await tx
        .delete(terminatedCalls)
        .where(inArray(terminatedCalls.id, picked))
        .returning({ month: month(terminatedCalls.createdAt), reason: terminatedCalls.reason });
      terminationsDone = gone.length < batchSize;
      result.counts.terminations += gone.length;
      for (const row of gone) bump(totals(row.month).terminations, row.reason);
    }

    const [held] = await tx.select({ n: count() }).from(terminatedCalls).where(and(lt(terminatedCalls.createdAt, cutoff), openTermination()));
    result.heldBack.terminations = held?.n ?? 0;
    result.complete = callsDone && terminationsDone;

    const { calls: c, breaches: b, voicemails: v, terminations: t } = result.counts;
    if (c + b + v + t === 0) return result;
    result.outcome = 'purged';
    // Last, so the audit chain's lock is held only from here to the commit.
    await recordAuditEvent(tx, {
      actor: null,
      action: 'retention.purged',
      entityType: 'retention',
      entityId: RETENTION_AUDIT_ENTITY_ID,
      before: null,
      after: {
        retentionDays: result.retentionDays,
        cutoff: cutoff.toISOString(),
        ...result.counts,
        heldBack: result.heldBack,
        complete: result.complete,
        byMonth: result.byMonth,
      },
      at: settings.now,
    });
    return result;
  });
}

async function tryPurgeLock(tx: Transaction): Promise<boolean> {
  const [row] = await queryRows(tx, sql`select pg_try_advisory_xact_lock(${PURGE_LOCK}) as locked`, z.object({ locked: z.boolean() }));
  return row?.locked === true;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
