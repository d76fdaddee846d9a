import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strategyAppeals, strategyReviews } from '../../db/schema/index.js';
import { castOf, dramaNumber, givenStrategy, type Cast } from '../support/scenario.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TestClock } from '../support/test-clock.js';

let app: TestApp;
let cast: Cast;
let english: string;
let welsh: string;

/** Three restriction types: a SPOC with a deputy, a weekly limit and call windows. */
const restrictions = () => [
  { type: 'spoc', staffId: cast.spoc.staff.id, deputyStaffId: cast.deputy.staff.id },
  { type: 'frequency', maxCalls: 2, per: 'week' },
  { type: 'callWindows', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '10:00', to: '12:00' }] },
];

/** Like givenStrategy, but with a reference, two prior warnings and an end date, authorised and notified over HTTP. */
async function strategyWithWarnings(): Promise<string> {
  const customer = await cast.agent.api.post('/api/customers', { name: 'Pat <Persistent>', reference: 'CUS-0042', phoneNumbers: [dramaNumber()] });
  expect(customer.status).toBe(201);
  const proposed = await cast.agent.api.post('/api/strategies', {
    customerId: customer.body.id,
    reason: 'Called 40 times in March about a complaint closed in January.',
    priorWarnings: [
      { date: '2026-03-02', summary: 'Warned on the phone about the number of calls.' },
      { date: '2026-04-15', summary: 'Warning letter about abusive language.' },
    ],
    restrictions: restrictions(),
    startsAt: '2026-05-14T08:00:00Z',
    endsAt: '2026-11-30T12:00:00Z',
    reviewAt: '2026-08-14T08:00:00Z',
  });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  const id: string = proposed.body.id;
  expect((await cast.director.api.post(`/api/strategies/${id}/authorise`, { rationale: 'Meets the policy.' })).status).toBe(200);
  const notice = { sentAt: '2026-05-14T09:00:00Z', channel: 'letter', reference: 'LTR-1' };
  expect((await cast.supervisor.api.post(`/api/strategies/${id}/notification`, notice)).status).toBe(200);
  return id;
}

beforeAll(async () => {
  app = await startTestApp({ clock: new TestClock(new Date('2026-05-14T09:00:00Z')) });
  cast = await castOf(app);
  english = await strategyWithWarnings();
  const db = app.server.deps.db;
  await db.insert(strategyAppeals).values({
    id: randomUUID(),
    strategyId: english,
    receivedAt: new Date('2026-05-20T10:00:00Z'),
    summary: 'Says the calls were about a new complaint.',
    recordedBy: cast.supervisor.staff.id,
    recordedAt: new Date('2026-05-20T10:00:00Z'),
    outcome: 'uphold',
    reasons: 'The calls were about the closed complaint.',
    decidedBy: cast.director.staff.id,
    decidedAt: new Date('2026-05-27T10:00:00Z'),
  });
  await db.insert(strategyReviews).values({
    id: randomUUID(),
    strategyId: english,
    outcome: 'continue',
    notes: 'Internal note, not for the letter.',
    dueAt: new Date('2026-08-14T08:00:00Z'),
    reviewedAt: new Date('2026-08-10T10:00:00Z'),
    reviewedBy: cast.director.staff.id,
    restrictionsBefore: [],
    restrictionsAfter: [],
  });
  welsh = (await givenStrategy(app, cast, { restrictions: restrictions(), customer: { name: 'Siân Jones', language: 'cy-GB' } })).strategyId;
});
afterAll(() => app?.close());

const ENGLISH_ELEMENTS = [
  'Example Ombudsman',
  '14 May 2026',
  'Dear Pat &lt;Persistent&gt;,',
  'Our reference: CUS-0042',
  'Called 40 times in March about a complaint closed in January.',
  '2 March 2026: Warned on the phone about the number of calls.',
  '15 April 2026: Warning letter about abusive language.',
  'a named member of our staff, will take your calls.',
  'We will accept no more than 2 calls a week from you.',
  'Monday to Friday, from 10:00 to 12:00',
  'All times are UK time (Europe/London).',
  'The restrictions apply from 14 May 2026.',
  'They end on 30 November 2026.',
  'We will review them by 14 August 2026',
  'If you have a new matter, please write to us about it',
  'Your right to complain is not affected.',
  'You can still write to us at 1 Example Street, or email casework@example.org.',
  'Received on 20 May 2026: Says the calls were about a new complaint.',
  'Decided on 27 May 2026: the decision was upheld. Reasons: The calls were about the closed complaint.',
  '10 August 2026: the restrictions were continued without change.',
];

describe('GET /api/strategies/:id/letter', () => {
  it('drafts the English letter as a printable HTML page by default, with every R6 element', async () => {
    const res = await cast.agent.api.get(`/api/strategies/${english}/letter`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page: string = res.body;
    expect(page).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    expect(page).toContain('@media print');
    for (const element of ENGLISH_ELEMENTS) expect(page).toContain(element);
    expect(page).toContain(`Only ${cast.spoc.staff.displayName}, a named member of our staff`);
    expect(page).toContain(`${cast.deputy.staff.displayName} will take the call instead`);
    expect(page).not.toContain('<Persistent>');
    expect(page).not.toContain('Internal note');
  });

  it('gives plain text with Accept: text/plain', async () => {
    const res = await cast.agent.api.get(`/api/strategies/${english}/letter`, { accept: 'text/plain' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text: string = res.body;
    expect(text.replaceAll('<Persistent>', '')).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(text).toContain('Dear Pat <Persistent>,');
    for (const element of ENGLISH_ELEMENTS.filter((e) => !e.includes('&lt;'))) {
      expect(text.replace(/\s+/g, ' ')).toContain(element);
    }
  });

  it('gives plain text with ?format=text, and HTML with ?format=html whatever Accept says', async () => {
    const text = await cast.agent.api.get(`/api/strategies/${english}/letter?format=text`);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(text.body).toMatch(/^Example Ombudsman\n\n14 May 2026\n/);
    const forced = await cast.agent.api.get(`/api/strategies/${english}/letter?format=html`, { accept: 'text/plain' });
    expect(forced.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const browser = await cast.agent.api.get(`/api/strategies/${english}/letter`, {
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    });
    expect(browser.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('writes in Welsh for a cy-GB customer, with the Welsh alternative contact', async () => {
    const res = await cast.agent.api.get(`/api/strategies/${welsh}/letter?format=text`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-language')).toBe('cy-GB');
    const text = (res.body as string).replace(/\s+/g, ' ');
    expect(text).toContain('Annwyl Siân Jones,');
    expect(text).toContain('14 Mai 2026');
    expect(text).toContain('Persistent calls after warnings.');
    expect(text).toContain('Nid oes gennym gofnod o rybudd blaenorol');
    expect(text).toContain(`Dim ond ${cast.spoc.staff.displayName}, aelod penodol o'n staff`);
    expect(text).toContain('Ni fyddwn yn derbyn mwy na 2 o alwadau yr wythnos gennych.');
    expect(text).toContain('Dydd Llun i ddydd Gwener, o 10:00 tan 12:00');
    expect(text).toContain('Byddwn yn eu hadolygu erbyn 13 Gorffennaf 2026');
    expect(text).toContain('Nid yw hyn yn effeithio ar eich hawl i gwyno.');
    expect(text).toContain('Gallwch ysgrifennu atom o hyd yn 1 Example Street');
    expect(text).not.toContain('Dear ');
    expect(text).not.toContain('Hanes y penderfyniad');
    const page = await cast.agent.api.get(`/api/strategies/${welsh}/letter`);
    expect(page.body).toContain('<html lang="cy-GB">');
  });

  it('marks the letter of a proposed strategy as a draft for staff', async () => {
    const { strategyId } = await givenStrategy(app, cast, { restrictions: [{ type: 'record' }], state: 'proposed' });
    const res = await cast.agent.api.get(`/api/strategies/${strategyId}/letter?format=text`);
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^\*\*\* DRAFT: /);
  });

  it('answers 404 for an unknown strategy, 400 for a bad id or format, 401 without a session', async () => {
    expect((await cast.agent.api.get(`/api/strategies/${randomUUID()}/letter`)).status).toBe(404);
    const bad = await cast.agent.api.get('/api/strategies/not-a-uuid/letter');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ id: 'must be a strategy id' });
    expect((await cast.agent.api.get(`/api/strategies/${english}/letter?format=pdf`)).status).toBe(400);
    expect((await app.api.get(`/api/strategies/${english}/letter`)).status).toBe(401);
  });
});

