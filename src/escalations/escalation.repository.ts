import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { escalationSuggestions, staff, terminatedCalls } from '../../db/schema/index.js';
import type { E164 } from '../core/phone-number.js';

export type EscalationRow = typeof escalationSuggestions.$inferSelect;

export async function insertEscalation(ex: Executor, row: typeof escalationSuggestions.$inferInsert): Promise<EscalationRow> {
  const [created] = await ex.insert(escalationSuggestions).values(row).returning();
  if (!created) throw new Error('escalation insert returned no row');
  return created;
}

export async function openEscalationFor(ex: Executor, who: { customerId: string | null; callerE164: E164 | null }): Promise<EscalationRow | null> {
  const whom = who.customerId ? eq(escalationSuggestions.customerId, who.customerId) : who.callerE164 ? eq(escalationSuggestions.callerE164, who.callerE164) : undefined;
  if (!whom) return null;
  const [row] = await ex.select().from(escalationSuggestions).where(and(whom, eq(escalationSuggestions.status, 'open'))).limit(1);
  return row ?? null;
}

export async function findEscalation(ex: Executor, id: string): Promise<EscalationRow | null> {
  const [row] = await ex.select().from(escalationSuggestions).where(eq(escalationSuggestions.id, id)).limit(1);
  return row ?? null;
}

export async function listEscalations(ex: Executor, status: EscalationRow['status'] | undefined): Promise<EscalationRow[]> {
  return ex
    .select()
    .from(escalationSuggestions)
    .where(status ? eq(escalationSuggestions.status, status) : undefined)
    .orderBy(desc(escalationSuggestions.createdAt))
    .limit(500);
}

export async function decideEscalation(ex: Executor, id: string, decision: Pick<EscalationRow, 'status' | 'decidedBy' | 'decidedAt' | 'note'>): Promise<EscalationRow> {
  const [row] = await ex.update(escalationSuggestions).set(decision).where(eq(escalationSuggestions.id, id)).returning();
  if (!row) throw new Error('escalation vanished');
  return row;
}

/** The terminated calls a suggestion cites, oldest first: its evidence. */
export async function evidenceOf(ex: Executor, terminationIds: readonly string[]) {
  if (terminationIds.length === 0) return [];
  const rows = await ex
    .select({ id: terminatedCalls.id, callSid: terminatedCalls.callSid, reason: terminatedCalls.reason, details: terminatedCalls.details, warned: terminatedCalls.warned, createdAt: terminatedCalls.createdAt, staffName: staff.displayName })
    .from(terminatedCalls)
    .innerJoin(staff, eq(staff.id, terminatedCalls.staffId))
    .where(inArray(terminatedCalls.id, [...terminationIds]));
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
