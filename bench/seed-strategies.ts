import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';

// Seeds numbers under strategy set-based (generate_series), a chunk at a time, on PGlite or PostgreSQL.
// Customer n has one number, strategyNumber(n) (+4477 and eight digits), and one authorised, notified
// strategy with one restriction. Ids are md5-derived from n so the four inserts join without lookups.
// These rows bypass the audit trail on purpose: they are load, not history.

export interface BenchStaff {
  proposer: string;
  director: string;
  spoc: string;
  deputy: string;
}

/** The restriction each strategy gets, by n % 20: mostly bars and warnings, as a real caseload would be. */
const RESTRICTION_MIX = (staff: BenchStaff): Array<[slot: number, type: string, settings: unknown]> => {
  const mix: Array<[number, string, unknown]> = [];
  for (let slot = 0; slot < 20; slot++) {
    if (slot < 7) mix.push([slot, 'bar', { emergencyBypass: false }]);
    else if (slot === 7) mix.push([slot, 'bar', { emergencyBypass: true }]);
    else if (slot < 11) mix.push([slot, 'warning', {}]);
    else if (slot === 11) mix.push([slot, 'warning', { message: 'Your calls are limited by a contact strategy. Please keep to the issue in hand.' }]);
    else if (slot < 14) mix.push([slot, 'spoc', { staffId: staff.spoc, deputyStaffId: staff.deputy }]);
    else if (slot === 14) mix.push([slot, 'record', {}]);
    else if (slot === 15) mix.push([slot, 'maxDuration', { seconds: 600 }]);
    else if (slot < 18) mix.push([slot, 'callWindows', { windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }], timeZone: 'Europe/London' }]);
    else mix.push([slot, 'frequency', { maxCalls: 3, per: 'week' }]);
  }
  return mix;
};

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Four members of staff the seeded strategies name (proposed, authorised, single point of contact and deputy). */
export async function insertBenchStaff(db: Database): Promise<BenchStaff> {
  const staff: BenchStaff = { proposer: randomUUID(), director: randomUUID(), spoc: randomUUID(), deputy: randomUUID() };
  const rows: Array<[string, string, string, string | null, string | null]> = [
    [staff.proposer, 'bench-proposer', 'supervisor', null, null],
    [staff.director, 'bench-director', 'director', null, null],
    [staff.spoc, 'bench-spoc', 'supervisor', '+442079460501', null],
    [staff.deputy, 'bench-deputy', 'agent', null, 'bench-deputy-desk'],
  ];
  for (const [id, username, role, phone, client] of rows) {
    // The password hash is not a hash of anything: these members of staff never sign in.
    await db.execute(sql`insert into staff (id, username, display_name, role, password_hash, phone_number, client_identity)
      values (${id}, ${username}, ${`Bench ${username.slice(6)}`}, ${role}, 'not-a-password-hash', ${phone}, ${client})`);
  }
  return staff;
}

/** Customers from..to (inclusive), each with one number and one authorised, notified strategy. */
export async function seedStrategyChunk(db: Database, staff: BenchStaff, from: number, to: number): Promise<void> {
  const range = `generate_series(${Math.trunc(from)}, ${Math.trunc(to)}) g`;
  const mix = RESTRICTION_MIX(staff)
    .map(([slot, type, settings]) => `(${slot}, ${literal(type)}, ${literal(JSON.stringify(settings))}::jsonb)`)
    .join(', ');
  await db.execute(
    sql.raw(`insert into customers (id, name, reference, language)
      select md5('bench-customer-' || g)::uuid, 'Bench caller ' || g, 'BENCH-' || g, case when g % 10 = 0 then 'cy-GB' else 'en-GB' end
      from ${range}`),
  );
  await db.execute(
    sql.raw(`insert into customer_phone_numbers (id, customer_id, e164, position)
      select md5('bench-number-' || g)::uuid, md5('bench-customer-' || g)::uuid, '+4477' || lpad(g::text, 8, '0'), 0
      from ${range}`),
  );
  await db.execute(
    sql.raw(`insert into contact_strategies (id, customer_id, status, reason, prior_warnings, all_contact, urgent, starts_at, review_at,
        proposed_by, proposed_at, authorised_by, authorised_at, authorisation_rationale,
        notification_sent_at, notification_channel, notification_reference, notification_recorded_by)
      select md5('bench-strategy-' || g)::uuid, md5('bench-customer-' || g)::uuid, 'authorised', 'Benchmark load', '[]'::jsonb, false, false,
        now() - interval '7 days', now() + interval '90 days',
        ${literal(staff.proposer)}, now() - interval '8 days', ${literal(staff.director)}, now() - interval '7 days', 'Benchmark load',
        now() - interval '7 days', 'letter', 'BENCH-' || g, ${literal(staff.director)}
      from ${range}`),
  );
  await db.execute(
    sql.raw(`insert into restrictions (id, strategy_id, position, type, settings)
      select md5('bench-restriction-' || g)::uuid, md5('bench-strategy-' || g)::uuid, 0, mix.type, mix.settings
      from ${range} join (values ${mix}) as mix(slot, type, settings) on mix.slot = g % 20`),
  );
}

/** Seeds `count` numbers under strategy in chunks; returns the time it took. */
export async function seedStrategies(db: Database, count: number, options: { chunk?: number; onProgress?: (done: number) => void } = {}): Promise<{ ms: number; staff: BenchStaff }> {
  const started = performance.now();
  const staff = await insertBenchStaff(db);
  const chunk = options.chunk ?? 50_000;
  for (let from = 1; from <= count; from += chunk) {
    const to = Math.min(count, from + chunk - 1);
    await seedStrategyChunk(db, staff, from, to);
    options.onProgress?.(to);
  }
  // Fresh statistics, so the index's reads get sensible plans; vacuumed and checkpointed, as tables that have
  // been in use for a while are. Otherwise the first read sets every row's hint bits (writing each page
  // again), and autovacuum (woken by the bulk insert) and the checkpoint the seed's WAL brings on compete
  // with the measurement.
  await db.execute(sql`vacuum (analyze) customers, customer_phone_numbers, contact_strategies, restrictions`);
  // CHECKPOINT needs a superuser or pg_checkpoint; without either, the seed's pages are written later instead.
  await db.execute(sql`checkpoint`).catch(() => undefined);
  return { ms: performance.now() - started, staff };
}
