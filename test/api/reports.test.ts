import { randomBytes, randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { breaches, calls, contactStrategies, customers, strategyReviews, terminatedCalls } from '../../db/schema/index.js';
import type { StrategyStatus } from '../../src/core/contact-strategy.js';
import type { E164 } from '../../src/core/phone-number.js';
import type { TerminationReason } from '../../src/panel/panel.protocol.js';
import { closeEndedStrategies } from '../../src/strategies/strategy-closure.job.js';
import { startTestApp, type SignedInStaff, type TestApp } from '../support/test-app.js';
import { TestClock } from '../support/test-clock.js';

// Reports (R11) against fixtures written straight into the database, every expected number counted by hand.
// Europe/London: BST (+01:00) until 25 Oct 2026 01:00Z, so a month or quarter starts at 23:00Z the day before
// until then. The clock stands at 15 Dec 2026 12:00Z; the lapse period is the default 14 days.

const NOW = '2026-12-15T12:00:00Z';
const d = (iso: string) => new Date(iso.includes('T') ? iso : `${iso}T12:00:00Z`);

let app: TestApp;
let agent: SignedInStaff;
let supervisor: SignedInStaff;
let db: Database;
let customerId: string;

interface StrategyFixture {
  status: StrategyStatus;
  authorisedAt?: string;
  notifiedAt?: string;
  urgent?: boolean;
  startsAt?: string;
  endsAt?: string;
  reviewAt?: string;
  liftedAt?: string;
  closedAt?: string;
}

async function strategy(f: StrategyFixture): Promise<string> {
  const id = randomUUID();
  const authorised = f.authorisedAt ? d(f.authorisedAt) : null;
  await db.insert(contactStrategies).values({
    id,
    customerId,
    status: f.status,
    reason: 'Fixture for the reports test.',
    priorWarnings: [],
    urgent: f.urgent ?? false,
    startsAt: d(f.startsAt ?? f.authorisedAt ?? '2026-06-01'),
    endsAt: f.endsAt ? d(f.endsAt) : null,
    reviewAt: d(f.reviewAt ?? '2027-03-01'),
    proposedBy: supervisor.staff.id,
    proposedAt: d('2026-05-01'),
    authorisedBy: authorised ? supervisor.staff.id : null,
    authorisedAt: authorised,
    notificationSentAt: f.notifiedAt ? d(f.notifiedAt) : null,
    notificationChannel: f.notifiedAt ? 'letter' : null,
    liftedAt: f.liftedAt ? d(f.liftedAt) : null,
    liftedBy: f.liftedAt ? supervisor.staff.id : null,
    closedAt: f.closedAt ? d(f.closedAt) : null,
  });
  return id;
}

const callSid = () => `CA${randomBytes(16).toString('hex')}`;

async function call(startedAt: string, emergencyBypassAt: string | null = null): Promise<string> {
  const sid = callSid();
  await db.insert(calls).values({
    callSid: sid,
    accountSid: 'AC0123456789abcdef0123456789abcdef',
    callerE164: '+447700900801' as E164,
    toNumber: '+442079460000',
    customerId,
    decisionKind: emergencyBypassAt ? 'emergency' : 'refuse',
    outcome: 'completed',
    status: 'completed',
    startedAt: d(startedAt),
    emergencyBypassAt: emergencyBypassAt ? d(emergencyBypassAt) : null,
  });
  return sid;
}

async function breach(strategyId: string, occurredAt: string, restrictionType: 'bar' | 'frequency' | 'callWindows') {
  await db.insert(breaches).values({
    id: randomUUID(),
    callSid: await call(occurredAt),
    strategyId,
    customerId,
    restrictionType,
    detail: 'fixture',
    occurredAt: d(occurredAt),
  });
}

async function termination(createdAt: string, reason: TerminationReason) {
  await db.insert(terminatedCalls).values({
    id: randomUUID(),
    callSid: callSid(),
    customerId,
    staffId: supervisor.staff.id,
    reason,
    details: 'fixture',
    warned: true,
    endState: 'ended',
    serious: reason === 'threat_of_violence',
    createdAt: d(createdAt),
  });
}

async function review(strategyId: string, reviewedAt: string, dueAt: string) {
  await db.insert(strategyReviews).values({
    id: randomUUID(),
    strategyId,
    outcome: 'continue',
    notes: 'fixture',
    dueAt: d(dueAt),
    reviewedAt: d(reviewedAt),
    reviewedBy: supervisor.staff.id,
    restrictionsBefore: [],
    restrictionsAfter: [],
  });
}

beforeAll(async () => {
  app = await startTestApp({ clock: new TestClock(new Date(NOW)) });
  [agent, supervisor] = await Promise.all([app.staff('agent'), app.staff('supervisor')]);
  db = app.server.deps.db;
  customerId = randomUUID();
  await db.insert(customers).values({ id: customerId, name: 'Report Fixture' });

  // Strategies. Monthly report: Aug, Sep, Oct, Nov 2026; quarterly: Q3 (Jul-Sep), Q4 (Oct-Dec, to now).
  // S1: 31 Jul 23:30Z is 1 Aug 00:30 in London: introduced in August; in force from its letter on 3 Aug, still.
  const s1 = await strategy({ status: 'authorised', authorisedAt: '2026-07-31T23:30:00Z', notifiedAt: '2026-08-03' });
  // S2: urgent (in force without a letter), introduced Aug; lifted 30 Sep 23:30Z = 1 Oct 00:30 BST: in force at the end of Sep, lifted in Oct.
  await strategy({ status: 'lifted', urgent: true, authorisedAt: '2026-08-10', liftedAt: '2026-09-30T23:30:00Z' });
  // S3: introduced Aug but not in force until its letter on 5 Sep; expired (closed by the job) 15 Oct.
  await strategy({ status: 'expired', authorisedAt: '2026-08-20', notifiedAt: '2026-09-05', endsAt: '2026-10-15', closedAt: '2026-10-15' });
  // S4: introduced Sep; ended 20 Nov but still stored as authorised: expired in Nov.
  await strategy({ status: 'authorised', authorisedAt: '2026-09-10', notifiedAt: '2026-09-11', endsAt: '2026-11-20' });
  // S5: introduced Sep; review 20 Oct missed, lapsed (closed) 3 Nov.
  await strategy({ status: 'lapsed', authorisedAt: '2026-09-15', notifiedAt: '2026-09-16', reviewAt: '2026-10-20', closedAt: '2026-11-03' });
  // S13: introduced Sep; ends exactly at midnight 1 Nov (00:00Z): in force at the end of Oct, expired in Nov.
  await strategy({ status: 'expired', authorisedAt: '2026-09-01', notifiedAt: '2026-09-01', endsAt: '2026-11-01T00:00:00Z', closedAt: '2026-11-01T00:00:00Z' });
  // S6: introduced Oct; review 10 Nov 00:00Z missed, still stored as authorised: lapsed 24 Nov.
  await strategy({ status: 'authorised', authorisedAt: '2026-10-05', notifiedAt: '2026-10-06', reviewAt: '2026-11-10T00:00:00Z' });
  // S7: introduced Nov, letter only on 2 Dec: not in force at the end of Nov, in force now.
  await strategy({ status: 'authorised', authorisedAt: '2026-11-05', notifiedAt: '2026-12-02' });
  // S8: introduced Nov, starts at midnight 1 Dec: not in force at the end of Nov, in force now.
  await strategy({ status: 'authorised', authorisedAt: '2026-11-10', notifiedAt: '2026-11-10', startsAt: '2026-12-01T00:00:00Z' });
  // S11: introduced in June (before both reports), lifted 15 Aug.
  await strategy({ status: 'lifted', authorisedAt: '2026-06-01', notifiedAt: '2026-06-02', liftedAt: '2026-08-15' });
  // S12: introduced 5 Dec: only in the quarterly report.
  await strategy({ status: 'authorised', authorisedAt: '2026-12-05', notifiedAt: '2026-12-05' });
  // Never authorised: counted nowhere.
  await strategy({ status: 'proposed' });
  await strategy({ status: 'rejected' });

  // Breaches: 31 Jul 22:30Z is still July in London (Q3 only); 30 Sep 23:10Z is October.
  await breach(s1, '2026-07-31T22:30:00Z', 'bar');
  await breach(s1, '2026-08-05', 'bar');
  await breach(s1, '2026-08-06', 'frequency');
  await breach(s1, '2026-09-30T23:10:00Z', 'callWindows');
  await breach(s1, '2026-11-30T23:59:00Z', 'bar');
  await breach(s1, '2026-12-03', 'frequency');

  // Emergency bypasses.
  for (const at of ['2026-08-12', '2026-10-02', '2026-10-20', '2026-12-10']) await call(at, at);

  // Terminated calls; 25 Oct 00:30Z is 01:30 BST, just before the clocks go back: October.
  await termination('2026-07-15', 'refusing_decision');
  await termination('2026-08-02', 'threat_of_violence');
  await termination('2026-08-03', 'abusive_language');
  await termination('2026-08-04', 'abusive_language');
  await termination('2026-09-12', 'harassment');
  await termination('2026-10-25T00:30:00Z', 'other');
  await termination('2026-11-15', 'threat_of_violence');
  await termination('2026-12-12', 'harassment');

  // Reviews: late when done after the moment they were due; exactly on it is on time.
  await review(s1, '2026-08-20', '2026-08-25');
  await review(s1, '2026-09-10', '2026-09-01');
  await review(s1, '2026-10-01T10:00:00Z', '2026-10-01T10:00:00Z');
  await review(s1, '2026-11-02', '2026-10-30');
  await review(s1, '2026-11-20', '2026-11-25');
  await review(s1, '2026-12-05', '2026-12-01');
});
afterAll(() => app?.close());

const reasons = (over: Partial<Record<TerminationReason, number>>) => ({
  threat_of_violence: 0,
  abusive_language: 0,
  discriminatory_remarks: 0,
  derogatory_remarks: 0,
  harassment: 0,
  unreasonably_persistent: 0,
  demanding_particular_staff: 0,
  refusing_decision: 0,
  other: 0,
  ...over,
});

interface Counts {
  introduced?: number;
  inForce?: number;
  lifted?: number;
  expired?: number;
  lapsed?: number;
  breaches?: Partial<Record<'bar' | 'frequency' | 'callWindows', number>>;
  terminated?: Partial<Record<TerminationReason, number>>;
  bypasses?: number;
  onTime?: number;
  late?: number;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** A row of the report as the API answers it: what is not counted is 0, and each total is the sum of its breakdown. */
function row(label: string, from: string, to: string, counts: Counts) {
  const byRestrictionType = { bar: 0, frequency: 0, callWindows: 0, ...counts.breaches };
  const byReason = reasons(counts.terminated ?? {});
  return {
    label,
    from,
    to,
    strategiesIntroduced: counts.introduced ?? 0,
    inForceAtEnd: counts.inForce ?? 0,
    lifted: counts.lifted ?? 0,
    expired: counts.expired ?? 0,
    lapsed: counts.lapsed ?? 0,
    breaches: { total: sum(byRestrictionType), byRestrictionType },
    terminatedCalls: { total: sum(byReason), byReason },
    emergencyBypasses: counts.bypasses ?? 0,
    reviewsOnTime: counts.onTime ?? 0,
    reviewsLate: counts.late ?? 0,
  };
}

// In each period's comment, which strategies were introduced, in force at its end, lifted, expired and lapsed.
const MONTHLY = {
  from: '2026-08-01T00:00:00.000+01:00',
  to: '2026-12-01T00:00:00.000+00:00',
  groupBy: 'month',
  timeZone: 'Europe/London',
  periods: [
    // Introduced S1, S2, S3; in force S1, S2 (S3 has no letter yet; S11 lifted); lifted S11.
    row('2026-08', '2026-08-01T00:00:00.000+01:00', '2026-09-01T00:00:00.000+01:00', {
      introduced: 3, inForce: 2, lifted: 1, breaches: { bar: 1, frequency: 1 }, terminated: { threat_of_violence: 1, abusive_language: 2 }, bypasses: 1, onTime: 1,
    }),
    // Introduced S4, S5, S13; in force S1, S2, S3, S4, S5, S13.
    row('2026-09', '2026-09-01T00:00:00.000+01:00', '2026-10-01T00:00:00.000+01:00', { introduced: 3, inForce: 6, terminated: { harassment: 1 }, late: 1 }),
    // Introduced S6; in force S1, S4, S5, S6, S13; lifted S2; expired S3.
    row('2026-10', '2026-10-01T00:00:00.000+01:00', '2026-11-01T00:00:00.000+00:00', {
      introduced: 1, inForce: 5, lifted: 1, expired: 1, breaches: { callWindows: 1 }, terminated: { other: 1 }, bypasses: 2, onTime: 1,
    }),
    // Introduced S7, S8; in force S1; expired S4, S13; lapsed S5, S6.
    row('2026-11', '2026-11-01T00:00:00.000+00:00', '2026-12-01T00:00:00.000+00:00', {
      introduced: 2, inForce: 1, expired: 2, lapsed: 2, breaches: { bar: 1 }, terminated: { threat_of_violence: 1 }, onTime: 1, late: 1,
    }),
  ],
  total: row('total', '2026-08-01T00:00:00.000+01:00', '2026-12-01T00:00:00.000+00:00', {
    introduced: 9, inForce: 1, lifted: 2, expired: 3, lapsed: 2, breaches: { bar: 2, frequency: 1, callWindows: 1 }, bypasses: 3, onTime: 3, late: 2,
    terminated: { threat_of_violence: 2, abusive_language: 2, harassment: 1, other: 1 },
  }),
};

const QUARTERLY = {
  from: '2026-07-01T00:00:00.000+01:00',
  to: '2027-01-01T00:00:00.000+00:00',
  groupBy: 'quarter',
  timeZone: 'Europe/London',
  periods: [
    // Introduced and in force S1, S2, S3, S4, S5, S13; lifted S11.
    row('2026-Q3', '2026-07-01T00:00:00.000+01:00', '2026-10-01T00:00:00.000+01:00', {
      introduced: 6, inForce: 6, lifted: 1, breaches: { bar: 2, frequency: 1 }, bypasses: 1, onTime: 1, late: 1,
      terminated: { refusing_decision: 1, threat_of_violence: 1, abusive_language: 2, harassment: 1 },
    }),
    // Introduced S6, S7, S8, S12; in force as things stand now S1, S7, S8, S12; lifted S2; expired S3, S4, S13; lapsed S5, S6.
    row('2026-Q4', '2026-10-01T00:00:00.000+01:00', '2027-01-01T00:00:00.000+00:00', {
      introduced: 4, inForce: 4, lifted: 1, expired: 3, lapsed: 2, breaches: { bar: 1, frequency: 1, callWindows: 1 }, bypasses: 3, onTime: 2, late: 2,
      terminated: { other: 1, threat_of_violence: 1, harassment: 1 },
    }),
  ],
  total: row('total', '2026-07-01T00:00:00.000+01:00', '2027-01-01T00:00:00.000+00:00', {
    introduced: 10, inForce: 4, lifted: 2, expired: 3, lapsed: 2, breaches: { bar: 3, frequency: 2, callWindows: 1 }, bypasses: 4, onTime: 3, late: 3,
    terminated: { refusing_decision: 1, threat_of_violence: 2, abusive_language: 2, harassment: 2, other: 1 },
  }),
};

const MONTHLY_URL = '/api/reports/summary?from=2026-08-01&to=2026-12-01&groupBy=month';
const QUARTERLY_URL = '/api/reports/summary?from=2026-07-01&to=2027-01-01&groupBy=quarter';

describe('GET /api/reports/summary', () => {
  it.each([
    ['by month', MONTHLY_URL, MONTHLY],
    ['by quarter, across the quarter boundary', QUARTERLY_URL, QUARTERLY],
  ] as const)('matches the hand-counted fixtures %s', async (_how, url, expected) => {
    const res = await supervisor.api.get(url);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expected);
  });

  it('says the same once the closure job has rewritten the strategies that ended by themselves', async () => {
    await closeEndedStrategies(app.server.deps);
    expect((await supervisor.api.get(MONTHLY_URL)).body).toEqual(MONTHLY);
    expect((await supervisor.api.get(QUARTERLY_URL)).body).toEqual(QUARTERLY);
  });

  it('defaults to the last 12 months to now, by month', async () => {
    const res = await supervisor.api.get('/api/reports/summary');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2026-01-01T00:00:00.000+00:00', to: '2026-12-15T12:00:00.000+00:00', groupBy: 'month' });
    expect(res.body.periods.map((p: { label: string }) => p.label)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
    expect(res.body.total).toMatchObject({ strategiesIntroduced: 11, inForceAtEnd: 4, lifted: 2, emergencyBypasses: 4 }) // S11 (June) too;
  });

  it('is for supervisors and above: an agent gets 403', async () => {
    const res = await agent.api.get(MONTHLY_URL);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await app.api.get(MONTHLY_URL)).status).toBe(401);
  });

  it.each([
    ['from=2026-12-01&to=2026-08-01', 'to'],
    ['from=2027-01-01', 'from'],
    ['from=2016-01-01&to=2026-01-02', 'to'],
    ['from=yesterday', 'from'],
    ['to=2026-13-01', 'to'],
    ['groupBy=week', 'groupBy'],
    ['format=xlsx', 'format'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const res = await supervisor.api.get(`/api/reports/summary?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(Object.keys(res.body.error.fields)).toEqual([field]);
  });
});

describe('the report as CSV', () => {
  const columns = (byReason: Record<string, number>) => [
    'period',
    'from',
    'to',
    'strategies_introduced',
    'in_force_at_end',
    'lifted',
    'expired',
    'lapsed',
    'breaches',
    'breaches_bar',
    'breaches_frequency',
    'breaches_call_windows',
    'terminated_calls',
    ...Object.keys(byReason).map((reason) => `terminated_${reason}`),
    'emergency_bypasses',
    'reviews_on_time',
    'reviews_late',
  ];

  type Row = (typeof MONTHLY)['total'];
  const asCsvRecord = (row: Row) => ({
    period: row.label,
    from: row.from,
    to: row.to,
    strategies_introduced: String(row.strategiesIntroduced),
    in_force_at_end: String(row.inForceAtEnd),
    lifted: String(row.lifted),
    expired: String(row.expired),
    lapsed: String(row.lapsed),
    breaches: String(row.breaches.total),
    breaches_bar: String(row.breaches.byRestrictionType.bar),
    breaches_frequency: String(row.breaches.byRestrictionType.frequency),
    breaches_call_windows: String(row.breaches.byRestrictionType.callWindows),
    terminated_calls: String(row.terminatedCalls.total),
    ...Object.fromEntries(Object.entries(row.terminatedCalls.byReason).map(([reason, n]) => [`terminated_${reason}`, String(n)])),
    emergency_bypasses: String(row.emergencyBypasses),
    reviews_on_time: String(row.reviewsOnTime),
    reviews_late: String(row.reviewsLate),
  });

  it.each([
    ['Accept: text/csv', MONTHLY_URL, { accept: 'text/csv' }, MONTHLY],
    ['?format=csv', `${QUARTERLY_URL}&format=csv`, {}, QUARTERLY],
  ] as const)('opens with the same numbers as the JSON (%s)', async (_how, url, headers, expected) => {
    const json = (await supervisor.api.get(url.replace('&format=csv', ''))).body;
    expect(json).toEqual(expected);
    const res = await supervisor.api.get(url, headers);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const range = expected.groupBy === 'month' ? '2026-08-01-2026-12-01' : '2026-07-01-2027-01-01';
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="callguard-report-${range}.csv"`);
    expect(res.body).toMatch(/\r\n$/);

    const [header, ...rest] = parse(res.body as string) as string[][];
    expect(header).toEqual(columns(expected.total.terminatedCalls.byReason));
    expect(rest).toHaveLength(expected.periods.length + 1);

    const records = parse(res.body as string, { columns: true }) as Record<string, string>[];
    expect(records).toEqual([...json.periods, json.total].map(asCsvRecord));
    // Every number, cell by cell, is the JSON's number.
    for (const [i, row] of [...json.periods, json.total].entries()) {
      const record = records[i]!;
      expect(Number(record.strategies_introduced)).toBe(row.strategiesIntroduced);
      expect(Number(record.in_force_at_end)).toBe(row.inForceAtEnd);
      expect(Number(record.breaches)).toBe(row.breaches.total);
      for (const [reason, n] of Object.entries(row.terminatedCalls.byReason)) expect(Number(record[`terminated_${reason}`])).toBe(n);
    }
  });

  it('is JSON for a browser-style Accept header, CSV when asked for by format even then', async () => {
    const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    expect((await supervisor.api.get(MONTHLY_URL, browser)).headers.get('content-type')).toMatch(/^application\/json/);
    expect((await supervisor.api.get(`${MONTHLY_URL}&format=csv`, { accept: 'application/json' })).headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await supervisor.api.get(MONTHLY_URL, { accept: 'text/csv' })).headers.get('vary')).toMatch(/Accept/);
  });
});
