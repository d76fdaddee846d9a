import { and, desc, eq, gte, isNull, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/database.js';
import { customers, staff, terminatedCalls } from '../../db/schema/index.js';
import { maskPhoneNumber, type E164 } from '../core/phone-number.js';
import type { PanelTermination } from '../panel/panel.protocol.js';

const acknowledger = alias(staff, 'acknowledger');
export type EndState = PanelTermination['endState'];

export type NewTermination = typeof terminatedCalls.$inferInsert;

export async function insertTermination(ex: Executor, row: NewTermination): Promise<void> {
  await ex.insert(terminatedCalls).values(row);
}

export async function updateTermination(ex: Executor, id: string, patch: Partial<Pick<NewTermination, 'endState' | 'acknowledgedBy' | 'acknowledgedAt' | 'acknowledgementNote'>>): Promise<void> {
  await ex.update(terminatedCalls).set(patch).where(eq(terminatedCalls.id, id));
}

const columns = {
  row: terminatedCalls,
  customerName: customers.name,
  staffName: staff.displayName,
  acknowledgerName: acknowledger.displayName,
};

/** Terminations with the names a reader needs: customer, the agent who ended the call, the acknowledger. */
async function selectRows(ex: Executor, where: SQL | undefined, limit: number) {
  return ex
    .select(columns)
    .from(terminatedCalls)
    .innerJoin(staff, eq(staff.id, terminatedCalls.staffId))
    .leftJoin(customers, eq(customers.id, terminatedCalls.customerId))
    .leftJoin(acknowledger, eq(acknowledger.id, terminatedCalls.acknowledgedBy))
    .where(where)
    .orderBy(desc(terminatedCalls.createdAt))
    .limit(limit);
}

function toPanel(r: { row: typeof terminatedCalls.$inferSelect; customerName: string | null; staffName: string; acknowledgerName: string | null }): PanelTermination {
  const t = r.row;
  return {
    id: t.id,
    callSid: t.callSid,
    customerId: t.customerId,
    customerName: r.customerName,
    callerMasked: t.callerE164 ? maskPhoneNumber(t.callerE164) : null,
    staff: { id: t.staffId, displayName: r.staffName },
    reason: t.reason,
    details: t.details,
    warned: t.warned,
    warnedAt: t.warnedAt?.toISOString() ?? null,
    justification: t.justification,
    endState: t.endState,
    serious: t.serious,
    createdAt: t.createdAt.toISOString(),
    acknowledgedBy: t.acknowledgedBy && r.acknowledgerName ? { id: t.acknowledgedBy, displayName: r.acknowledgerName } : null,
    acknowledgedAt: t.acknowledgedAt?.toISOString() ?? null,
    acknowledgementNote: t.acknowledgementNote,
  };
}

async function select(ex: Executor, where: SQL | undefined, limit: number): Promise<PanelTermination[]> {
  return (await selectRows(ex, where, limit)).map(toPanel);
}

export async function findTermination(ex: Executor, by: { id: string } | { callSid: string }): Promise<PanelTermination | null> {
  const where = 'id' in by ? eq(terminatedCalls.id, by.id) : eq(terminatedCalls.callSid, by.callSid);
  return (await select(ex, where, 1))[0] ?? null;
}

export async function listTerminations(ex: Executor, where: SQL | undefined, limit: number): Promise<PanelTermination[]> {
  return select(ex, where, limit);
}

/** The supervisors' queue (R2): everything not yet acknowledged; for an agent, their own. */
export async function unacknowledgedTerminations(ex: Executor, staffId: string | null): Promise<PanelTermination[]> {
  const open = isNull(terminatedCalls.acknowledgedAt);
  return select(ex, staffId ? and(open, eq(terminatedCalls.staffId, staffId)) : open, 500);
}

/** R14: terminations for threats, with what was done about them; `open` ones have nothing recorded yet. */
export async function seriousIncidents(ex: Executor, open: boolean) {
  const where = and(eq(terminatedCalls.serious, true), open ? isNull(terminatedCalls.incidentResolvedAt) : undefined);
  const rows = await selectRows(ex, where, 500);
  return rows.map((r) => ({ ...toPanel(r), incidentAction: r.row.incidentAction, incidentResolvedAt: r.row.incidentResolvedAt, incidentResolvedBy: r.row.incidentResolvedBy }));
}

/** Terminations of one caller since a moment: the evidence for the escalation rule (R3). */
export async function recentTerminationIds(ex: Executor, who: { customerId: string | null; callerE164: E164 | null }, since: Date): Promise<string[]> {
  const whom = who.customerId ? eq(terminatedCalls.customerId, who.customerId) : who.callerE164 ? eq(terminatedCalls.callerE164, who.callerE164) : undefined;
  if (!whom) return [];
  const rows = await ex.select({ id: terminatedCalls.id }).from(terminatedCalls).where(and(whom, gte(terminatedCalls.createdAt, since))).orderBy(desc(terminatedCalls.createdAt));
  return rows.map((r) => r.id);
}

