import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/database.js';
import { queryRows } from '../../db/query-rows.js';
import type { E164 } from '../core/phone-number.js';

export interface CallHistory {
  terminations: number;
  breaches: number;
  lastCallAt: string | null;
}

/** Whose history: the customer's if the caller is known, else the number's; the call being shown is left out. */
export interface HistorySubject {
  customerId: string | null;
  callerE164: E164 | null;
  excludeCallSid: string;
}

const NO_HISTORY: CallHistory = { terminations: 0, breaches: 0, lastCallAt: null };

const historyRow = z.object({ i: z.number().int(), terminations: z.number().int(), breaches: z.number().int(), last_call_ms: z.number().nullable() });

/**
 * What an agent should know before answering (R3, R10): earlier terminated calls, breaches and the last call.
 * Many callers in one statement, so a burst of calls costs one round trip. Each subquery is written twice,
 * by customer and by number, so each can use its own index.
 */
export async function callHistoriesOf(ex: Executor, subjects: readonly HistorySubject[]): Promise<CallHistory[]> {
  const asked = subjects.map((s, i) => ({ i, customer_id: s.customerId, e164: s.customerId ? null : s.callerE164, exclude: s.excludeCallSid })).filter((s) => s.customer_id ?? s.e164);
  const histories = subjects.map(() => NO_HISTORY);
  if (asked.length === 0) return histories;
  const rows = await queryRows(
    ex,
    sql`select w.i,
      ((select count(*) from terminated_calls t where t.customer_id = w.customer_id)
        + (select count(*) from terminated_calls t where t.caller_e164 = w.e164))::int as terminations,
      ((select count(*) from breaches b join calls c on c.call_sid = b.call_sid where c.customer_id = w.customer_id and b.call_sid <> w.exclude)
        + (select count(*) from breaches b join calls c on c.call_sid = b.call_sid where c.caller_e164 = w.e164 and b.call_sid <> w.exclude))::int as breaches,
      (extract(epoch from greatest(
        (select max(c.started_at) from calls c where c.customer_id = w.customer_id and c.call_sid <> w.exclude),
        (select max(c.started_at) from calls c where c.caller_e164 = w.e164 and c.call_sid <> w.exclude))) * 1000)::float8 as last_call_ms
    from jsonb_to_recordset(${JSON.stringify(asked)}::jsonb) as w(i int, customer_id uuid, e164 text, exclude text)`,
    historyRow,
  );
  for (const row of rows) {
    histories[row.i] = { terminations: row.terminations, breaches: row.breaches, lastCallAt: row.last_call_ms === null ? null : new Date(row.last_call_ms).toISOString() };
  }
  return histories;
}
