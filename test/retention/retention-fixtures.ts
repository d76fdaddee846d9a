import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../db/query-rows.js';
import type { DatabaseHandle } from '../../db/database.js';
import { normalisePhoneNumber } from '../../src/core/phone-number.js';
import { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { PanelClient } from '../support/panel-client.js';
import { castOf, dramaNumber, givenStrategy } from '../support/scenario.js';
import { TEST_PUBLIC_URL, type TestApp } from '../support/test-app.js';

const url = (path: string) => `${TEST_PUBLIC_URL}${path}`;

export interface CallRecords {
  /** Every call made. */
  calls: string[];
  /** Calls that broke a restriction (a breach row each). */
  breachCalls: string[];
  voicemailCall: string;
  bypassCall: string;
  /** Terminations that are closed (acknowledged, incident resolved if serious): purged once old. */
  closedTerminations: string[];
  /** Terminations still asking something of a supervisor: kept however old. */
  openTerminations: string[];
}

/**
 * Call records made the way production makes them, at the app clock's time: a barred call (breach), an
 * emergency bypass (breach), a voicemail for a SPOC, an ordinary call and, with `terminations`, terminated
 * calls in each state the retention rule distinguishes. Staff are signed in afresh (sessions expire as the clock moves).
 */
export async function makeCallRecords(app: TestApp, options: { terminations: boolean }): Promise<CallRecords> {
  const cast = await castOf(app);
  const twilio = new FakeTwilioCaller(app.url);
  const made: CallRecords = { calls: [], breachCalls: [], voicemailCall: '', bypassCall: '', closedTerminations: [], openTerminations: [] };
  const call = async (number: string) => {
    const answer = await twilio.call(number);
    expect(answer.status, answer.body).toBe(200);
    made.calls.push(answer.callSid);
    return answer;
  };

  const barred = await givenStrategy(app, cast, { restrictions: [{ type: 'bar' }] });
  made.breachCalls.push((await call(barred.number)).callSid);

  const bypassing = await givenStrategy(app, cast, { restrictions: [{ type: 'bar', emergencyBypass: true }] });
  const bypass = await call(bypassing.number);
  expect((await twilio.action(url('/webhooks/voice/emergency'), bypass.callSid, { Digits: '1' })).status).toBe(200);
  made.bypassCall = bypass.callSid;
  made.breachCalls.push(bypass.callSid);

  const spoc = await givenStrategy(app, cast, { restrictions: [{ type: 'spoc', staffId: cast.spoc.staff.id }] });
  const unanswered = await call(spoc.number);
  const offered = await twilio.action(url('/webhooks/voice/dial-result?step=1'), unanswered.callSid, { DialCallStatus: 'no-answer' });
  expect(offered.body).toContain('<Record');
  const sid = `RE${unanswered.callSid.slice(2)}`;
  const saved = await twilio.action(url('/webhooks/voice/voicemail'), unanswered.callSid, {
    RecordingSid: sid,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Recordings/${sid}`,
    RecordingDuration: '9',
  });
  expect(saved.status).toBe(200);
  made.voicemailCall = unanswered.callSid;

  await call(dramaNumber());

  if (options.terminations) {
    const agentPanel = await PanelClient.open(app.url, cast.agent.token);
    const supervisorPanel = await PanelClient.open(app.url, cast.supervisor.token);
    let refs = 0;
    const terminate = async (number: string, reason: string, then: { acknowledge: boolean; resolve?: boolean }) => {
      const { callSid } = await call(number);
      const ref = `r${++refs}`;
      agentPanel.send({ type: 'termination.log', ref, callSid, reason, details: 'Shouting after a warning.', warned: true });
      const ack = await agentPanel.next((m) => m.ref === ref);
      expect(ack, JSON.stringify(ack)).toMatchObject({ type: 'ack' });
      const id: string = ack.terminationId;
      if (then.acknowledge) {
        const aref = `a${refs}`;
        supervisorPanel.send({ type: 'termination.acknowledge', ref: aref, id, note: 'Seen; agent handled it well.' });
        expect(await supervisorPanel.next((m) => m.ref === aref)).toMatchObject({ type: 'ack' });
      }
      if (then.resolve) expect((await cast.supervisor.api.post(`/api/incidents/${id}/resolve`, { action: 'Reported to the police.' })).status).toBe(200);
      return id;
    };
    try {
      made.closedTerminations.push(await terminate(dramaNumber(), 'abusive_language', { acknowledge: true }));
      made.closedTerminations.push(await terminate(dramaNumber(), 'threat_of_violence', { acknowledge: true, resolve: true }));
      made.openTerminations.push(await terminate(dramaNumber(), 'abusive_language', { acknowledge: false }));
      made.openTerminations.push(await terminate(dramaNumber(), 'threat_of_violence', { acknowledge: true }));
      // Three from one caller raise an escalation suggestion (R3); while it is open they are its evidence.
      const repeat = dramaNumber();
      for (let i = 0; i < 3; i++) made.openTerminations.push(await terminate(repeat, 'harassment', { acknowledge: true }));
      const open = (await cast.supervisor.api.get('/api/escalations?status=open')).body.items;
      expect(open.some((e: { callerE164: string }) => e.callerE164 === normalisePhoneNumber(repeat, 'GB'))).toBe(true);
    } finally {
      agentPanel.close();
      supervisorPanel.close();
    }
  }
  await app.server.app.calls.records.drain();
  await app.server.app.calls.statuses.drain();
  return made;
}

// count(*) is a bigint: a string from postgres.js, a number from PGlite.
const countRow = z.object({ n: z.union([z.number(), z.string()]) });

/** How many of the records' rows each table still holds. */
export async function countRows(database: DatabaseHandle, records: CallRecords) {
  const n = async (query: ReturnType<typeof sql>) => Number((await queryRows(database.db, query, countRow))[0]?.n ?? 0);
  const inList = (values: string[]) => sql.join(values.length ? values.map((v) => sql`${v}`) : [sql`null`], sql`, `);
  const terminations = [...records.closedTerminations, ...records.openTerminations];
  return {
    calls: await n(sql`select count(*) as n from calls where call_sid in (${inList(records.calls)})`),
    breaches: await n(sql`select count(*) as n from breaches where call_sid in (${inList(records.calls)})`),
    voicemails: await n(sql`select count(*) as n from voicemails where call_sid in (${inList(records.calls)})`),
    terminations: await n(sql`select count(*) as n from terminated_calls where id::text in (${inList(terminations)})`),
    closedTerminations: await n(sql`select count(*) as n from terminated_calls where id::text in (${inList(records.closedTerminations)})`),
    openTerminations: await n(sql`select count(*) as n from terminated_calls where id::text in (${inList(records.openTerminations)})`),
  };
}

/** Every table of the schema and the migrations journal: its row count and a digest of all its rows. */
export async function tableDigests(database: DatabaseHandle): Promise<Record<string, { rows: number; digest: string }>> {
  const tables = await queryRows(
    database.db,
    sql`select table_schema, table_name from information_schema.tables where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1, 2`,
    z.object({ table_schema: z.string(), table_name: z.string() }),
  );
  const digests: Record<string, { rows: number; digest: string }> = {};
  for (const { table_schema: schema, table_name: table } of tables) {
    const name = sql.raw(`"${schema}"."${table}"`);
    const [row] = await queryRows(
      database.db,
      sql`select count(*) as rows, md5(coalesce(string_agg(t::text, E'\n' order by t::text), '')) as digest from ${name} t`,
      z.object({ rows: z.union([z.number(), z.string()]), digest: z.string() }),
    );
    digests[`${schema}.${table}`] = { rows: Number(row?.rows ?? 0), digest: row?.digest ?? '' };
  }
  return digests;
}
