import { and, count, desc, eq, ne, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import type { E164 } from '../core/phone-number.js';
import { breaches, calls, terminatedCalls } from '../../db/schema/index.js';

export interface CallHistory {
  terminations: number;
  breaches: number;
  lastCallAt: string | null;
}

/** What an agent should know before answering: earlier terminated calls, breaches and the last call (R3, R10). */
export async function callHistoryOf(ex: Executor, who: { customerId: string | null; callerE164: E164 | null }, excludeCallSid: string): Promise<CallHistory> {
  const none = { terminations: 0, breaches: 0, lastCallAt: null };
  let terminationWhere: SQL;
  let callWhere: SQL;
  if (who.customerId) {
    terminationWhere = eq(terminatedCalls.customerId, who.customerId);
    callWhere = eq(calls.customerId, who.customerId);
  } else if (who.callerE164) {
    terminationWhere = eq(terminatedCalls.callerE164, who.callerE164);
    callWhere = eq(calls.callerE164, who.callerE164);
  } else {
    return none;
  }
  const [terminationCount] = await ex.select({ n: count() }).from(terminatedCalls).where(terminationWhere);
  const [breachCount] = await ex
    .select({ n: count() })
    .from(breaches)
    .innerJoin(calls, eq(calls.callSid, breaches.callSid))
    .where(and(callWhere, ne(breaches.callSid, excludeCallSid)));
  const [last] = await ex
    .select({ startedAt: calls.startedAt })
    .from(calls)
    .where(and(callWhere, ne(calls.callSid, excludeCallSid)))
    .orderBy(desc(calls.startedAt))
    .limit(1);
  return { terminations: terminationCount?.n ?? 0, breaches: breachCount?.n ?? 0, lastCallAt: last?.startedAt.toISOString() ?? null };
}
