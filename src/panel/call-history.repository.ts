import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/database.js';
import { queryRows } from '../../db/query-rows.js';
import type { DecisionCustomer } from '../core/call-decision/call-decision.js';
import { LANGUAGES } from '../core/customer.js';
import type { E164 } from '../core/phone-number.js';

export interface CallHistory {
  terminations: number;
  breaches: number;
  lastCallAt: string | null;
}

/** Who is calling: the customer if known (from the strategy index), else the number; the call being shown is left out. */
export interface HistorySubject {
  customerId: string | null;
  callerE164: E164 | null;
  excludeCallSid: string;
}

export interface CallerOnRecord {
  /** For a caller not known by customer: the customer who owns the number (the first by name), if any. */
  owner: DecisionCustomer | null;
  history: CallHistory;
}

export const NO_HISTORY: CallHistory = { terminations: 0, breaches: 0, lastCallAt: null };

const recordRow = z.object({
  i: z.number().int(),
  owner_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  owner_language: z.enum(LANGUAGES).nullable(),
  owner_needs: z.string().nullable(),
  terminations: z.number().int(),
  breaches: z.number().int(),
  last_call_ms: z.number().nullable(),
});

/**
 * What an agent should know before answering (R3, R10, R13): who owns the number when the caller has no
 * strategy, and their earlier terminated calls, breaches and last call. Many callers in one statement, so a
 * burst of calls costs one round trip. History is the customer's (from any of their numbers) together with
 * the calling number's: calls of a customer with no strategy are stored without one. Each part is a union of
 * a lookup by customer and one by number, so each can use its own index and nothing is counted twice.
 * Breaches are counted call by call (a subquery per call, which can only be an index lookup): PGlite keeps
 * no statistics unless told to ANALYZE, and without them the planner took a caller to have some fifty calls
 * and read the whole breaches table for every caller in the batch (0.75 ms each at 1,000 breaches).
 */
export async function callersOnRecord(ex: Executor, subjects: readonly HistorySubject[]): Promise<CallerOnRecord[]> {
  const found: CallerOnRecord[] = subjects.map(() => ({ owner: null, history: NO_HISTORY }));
  const asked = subjects.map((s, i) => ({ i, customer_id: s.customerId, e164: s.callerE164, exclude: s.excludeCallSid })).filter((s) => s.customer_id ?? s.e164);
  if (asked.length === 0) return found;
  const rows = await queryRows(
    ex,
    sql`with w as (
      select * from jsonb_to_recordset(${JSON.stringify(asked)}::jsonb) as w(i int, customer_id uuid, e164 text, exclude text)
    ), owner as (
      select distinct on (w.i) w.i, c.id, c.name, c.language, c.communication_needs
      from w join customer_phone_numbers p on p.e164 = w.e164 join customers c on c.id = p.customer_id
      where w.customer_id is null
      order by w.i, c.name, c.id
    ), s as (
      select w.i, coalesce(w.customer_id, o.id) as cid, w.e164, w.exclude,
        o.id as owner_id, o.name as owner_name, o.language as owner_language, o.communication_needs as owner_needs
      from w left join owner o on o.i = w.i
    )
    select s.i, s.owner_id::text, s.owner_name, s.owner_language, s.owner_needs,
      (select count(*) from (select id from terminated_calls where customer_id = s.cid
        union select id from terminated_calls where caller_e164 = s.e164) t)::int as terminations,
      (select coalesce(sum((select count(*) from breaches b where b.call_sid = x.call_sid)), 0)
        from (select call_sid from calls where customer_id = s.cid union select call_sid from calls where caller_e164 = s.e164) x
        where x.call_sid <> s.exclude)::int as breaches,
      (extract(epoch from greatest(
        (select max(c.started_at) from calls c where c.customer_id = s.cid and c.call_sid <> s.exclude),
        (select max(c.started_at) from calls c where c.caller_e164 = s.e164 and c.call_sid <> s.exclude))) * 1000)::float8 as last_call_ms
    from s`,
    recordRow,
  );
  for (const row of rows) {
    found[row.i] = {
      owner: row.owner_id && row.owner_name && row.owner_language ? { id: row.owner_id, name: row.owner_name, language: row.owner_language, communicationNeeds: row.owner_needs } : null,
      history: { terminations: row.terminations, breaches: row.breaches, lastCallAt: row.last_call_ms === null ? null : new Date(row.last_call_ms).toISOString() },
    };
  }
  return found;
}
