import { describe, expect, it } from 'vitest';
import type { Restriction } from '../../src/core/restriction.js';
import { dateInputMonthsAhead, dateInputToIso, dateTimeLocalToIso, isDateInput, isoToDateInput, toDateTimeLocal } from '../../web/supervisor/form-dates.js';
import { parseRoute, routeHref, sectionOf, type Route } from '../../web/supervisor/router.js';
import { buildRestrictions, buildStrategyRequest, restrictionRequest, restrictionValues, type StrategyFormValues } from '../../web/supervisor/strategy-request.js';
import { auditActionLabel, customerSearch, describeRestriction, strategyBadges } from '../../web/supervisor/supervisor-wording.js';

const ID = '6f1c1d8e-1111-4000-8000-000000000001';
const OTHER = '6f1c1d8e-2222-4000-8000-000000000002';

describe('supervisor page: routes in the hash', () => {
  it('reads every page from its hash', () => {
    expect(parseRoute('')).toEqual({ page: 'dashboard' });
    expect(parseRoute('#/')).toEqual({ page: 'dashboard' });
    expect(parseRoute('#/dashboard')).toEqual({ page: 'dashboard' });
    expect(parseRoute('#/customers?q=07700%20900123')).toEqual({ page: 'customers', q: '07700 900123' });
    expect(parseRoute('#/customers/new?phone=%2B447700900123&then=strategy')).toEqual({ page: 'customer-new', phone: '+447700900123', then: 'strategy' });
    expect(parseRoute(`#/customers/${ID.toUpperCase()}`)).toEqual({ page: 'customer', id: ID });
    expect(parseRoute(`#/customers/${ID}/edit`)).toEqual({ page: 'customer-edit', id: ID });
    expect(parseRoute(`#/strategies/new?customerId=${ID}&draft=1`)).toEqual({ page: 'strategy-new', customerId: ID, draft: true });
    expect(parseRoute(`#/strategies/${ID}`)).toEqual({ page: 'strategy', id: ID });
    expect(parseRoute(`#/strategies/${ID}/review?outcome=tighten`)).toEqual({ page: 'strategy-review', id: ID, outcome: 'tighten' });
    expect(parseRoute(`#/strategies/${ID}/review?outcome=nonsense`)).toEqual({ page: 'strategy-review', id: ID, outcome: null });
    expect(parseRoute(`#/strategies/${ID}/appeals/${OTHER}/decide`)).toEqual({ page: 'appeal-decision', id: ID, appealId: OTHER });
    expect(parseRoute('#/reports?from=2030-01-01&to=2030-07-01&groupBy=quarter')).toEqual({ page: 'reports', from: '2030-01-01', to: '2030-07-01', groupBy: 'quarter' });
    expect(parseRoute('#/reports?from=yesterday')).toEqual({ page: 'reports', from: '', to: '', groupBy: 'month' });
  });

  it('sends what it does not know to "not found", ids included', () => {
    expect(parseRoute('#/customers/42')).toEqual({ page: 'not-found', path: '/customers/42' });
    expect(parseRoute('#/strategies/new')).toEqual({ page: 'not-found', path: '/strategies/new' });
    expect(parseRoute(`#/strategies/${ID}/delete`)).toEqual({ page: 'not-found', path: `/strategies/${ID}/delete` });
    expect(parseRoute('#/elsewhere/%E0%A4%A')).toEqual({ page: 'not-found', path: '/elsewhere/%E0%A4%A' });
  });

  it('builds links that read back as the same route', () => {
    const routes: Route[] = [
      { page: 'dashboard' },
      { page: 'customers', q: '+44 7700 900123' },
      { page: 'customers', q: '' },
      { page: 'customer-new', phone: '', then: null },
      { page: 'customer-new', phone: '+447700900123', then: 'strategy' },
      { page: 'customer', id: ID },
      { page: 'customer-edit', id: ID },
      { page: 'strategy-new', customerId: ID, draft: false },
      { page: 'strategy-new', customerId: ID, draft: true },
      { page: 'strategy', id: ID },
      { page: 'strategy-review', id: ID, outcome: null },
      { page: 'strategy-review', id: ID, outcome: 'ease' },
      { page: 'appeal-decision', id: ID, appealId: OTHER },
      { page: 'reports', from: '', to: '', groupBy: 'month' },
      { page: 'reports', from: '2030-01-01', to: '2031-01-01', groupBy: 'quarter' },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
    expect(routeHref({ page: 'customers', q: '' })).toBe('#/customers');
    expect(routeHref({ page: 'strategy-review', id: ID, outcome: 'tighten' })).toBe(`#/strategies/${ID}/review?outcome=tighten`);
  });

  it('says which part of the navigation a page belongs to', () => {
    expect(sectionOf({ page: 'strategy', id: ID })).toBe('customers');
    expect(sectionOf({ page: 'reports', from: '', to: '', groupBy: 'month' })).toBe('reports');
    expect(sectionOf({ page: 'not-found', path: '/x' })).toBeNull();
  });
});

describe('supervisor page: dates in forms', () => {
  it('turns a date input into local midnight and back', () => {
    expect(dateInputToIso('2030-06-10')).toBe(new Date(2030, 5, 10).toISOString());
    expect(isoToDateInput(new Date(2030, 5, 10, 23, 59).toISOString())).toBe('2030-06-10');
    expect(dateInputToIso('2030-02-30')).toBeNull();
    expect(dateInputToIso('')).toBeNull();
    expect(isDateInput('2030-6-1')).toBe(false);
  });

  it('counts months ahead, keeping to the end of a shorter month', () => {
    expect(dateInputMonthsAhead(new Date(2030, 0, 15), 3)).toBe('2030-04-15');
    expect(dateInputMonthsAhead(new Date(2030, 10, 30), 3)).toBe('2031-02-28');
    expect(dateInputMonthsAhead(new Date(2031, 7, 31), 1)).toBe('2031-09-30');
  });

  it('reads and writes datetime-local values', () => {
    const at = new Date(2030, 5, 10, 14, 3, 45);
    expect(toDateTimeLocal(at)).toBe('2030-06-10T14:03');
    expect(dateTimeLocalToIso('2030-06-10T14:03')).toBe(new Date(2030, 5, 10, 14, 3).toISOString());
    expect(dateTimeLocalToIso('10/06/2030 14:03')).toBeNull();
  });
});

const form = (fields: Partial<StrategyFormValues> = {}): StrategyFormValues => ({
  customerId: ID,
  reason: '  Forty calls in two weeks.  ',
  priorWarnings: [{ date: '2030-05-01', summary: ' Warned on the phone. ' }],
  restrictions: [
    { type: 'spoc', staffId: OTHER, deputyStaffId: '' },
    { type: 'frequency', maxCalls: '2', per: 'week' },
    { type: 'maxDuration', minutes: '15' },
    { type: 'callWindows', windows: [{ days: ['mon', 'wed'], from: '10:00', to: '12:00' }], timeZone: '' },
  ],
  startsAt: '',
  endsAt: '',
  reviewAt: '2030-09-01',
  allContact: false,
  urgent: true,
  ...fields,
});

describe('supervisor page: the strategy form to the API’s request', () => {
  it('builds the request: trimmed text, minutes as seconds, empty optional fields left out', () => {
    const { request, problems } = buildStrategyRequest(form());
    expect(problems).toEqual({});
    expect(request).toEqual({
      customerId: ID,
      reason: 'Forty calls in two weeks.',
      priorWarnings: [{ date: '2030-05-01', summary: 'Warned on the phone.' }],
      restrictions: [
        { type: 'spoc', staffId: OTHER },
        { type: 'frequency', maxCalls: 2, per: 'week' },
        { type: 'maxDuration', seconds: 900 },
        { type: 'callWindows', windows: [{ days: ['mon', 'wed'], from: '10:00', to: '12:00' }] },
      ],
      reviewAt: new Date(2030, 8, 1).toISOString(),
      allContact: false,
      urgent: true,
    });
  });

  it('checks each restriction with the shared schema, keyed as the API keys its problems, in plain words', () => {
    const { request, problems } = buildStrategyRequest(
      form({
        reason: ' ',
        priorWarnings: [{ date: '', summary: '' }],
        restrictions: [
          { type: 'spoc', staffId: '', deputyStaffId: '' },
          { type: 'frequency', maxCalls: 'two', per: 'week' },
          { type: 'maxDuration', minutes: '0' },
          { type: 'callWindows', windows: [{ days: [], from: '12:00', to: '10:00' }], timeZone: 'Mars/Olympus' },
        ],
        reviewAt: '2030-02-31',
      }),
    );
    expect(request).toBeNull();
    expect(problems).toEqual({
      reason: 'Write the reason: the behaviour that led to this strategy',
      'priorWarnings.0.date': 'Enter the date of the warning',
      'priorWarnings.0.summary': 'Say what the caller was warned about',
      'restrictions.0.staffId': 'Choose the member of staff who takes this caller’s calls',
      'restrictions.1.maxCalls': 'Enter a whole number of calls from 1 to 1000',
      'restrictions.2.seconds': 'Enter a time limit from 1 to 240 whole minutes',
      'restrictions.3.windows.0.days': 'Tick at least one day',
      'restrictions.3.windows.0.to': 'The end must be later than the start',
      'restrictions.3.timeZone': 'Enter a time zone such as Europe/London, or leave it empty',
      reviewAt: 'Enter a real date',
    });
  });

  it('asks for at least one restriction, and refuses a bar with a SPOC (a barred caller is never connected)', () => {
    expect(buildStrategyRequest(form({ restrictions: [] })).problems).toEqual({ restrictions: 'Choose at least one restriction' });
    const { problems } = buildRestrictions([
      { type: 'bar', emergencyBypass: false },
      { type: 'spoc', staffId: OTHER, deputyStaffId: '' },
    ]);
    expect(problems).toEqual({ 'restrictions.1.type': 'A single point of contact cannot go with a call bar: a barred caller is never connected' });
    expect(buildRestrictions([{ type: 'spoc', staffId: OTHER, deputyStaffId: OTHER }]).problems).toEqual({
      'restrictions.0.deputyStaffId': 'Choose a different member of staff as deputy, or no deputy',
    });
  });

  it('fills the form back in from the API’s restrictions (to edit them in a review)', () => {
    const all: Restriction[] = [
      { type: 'bar', emergencyBypass: true },
      { type: 'spoc', staffId: OTHER, deputyStaffId: ID },
      { type: 'warning', message: 'Calls are recorded.' },
      { type: 'record' },
      { type: 'frequency', maxCalls: 3, per: 'month' },
      { type: 'maxDuration', seconds: 600 },
      { type: 'callWindows', windows: [{ days: ['tue'], from: '09:00', to: '10:30' }], timeZone: 'Europe/London' },
    ];
    for (const restriction of all) expect(restrictionRequest(restrictionValues(restriction))).toEqual(restriction);
  });
});

describe('supervisor page: wording', () => {
  const names = (id: string) => (id === OTHER ? 'Sam Spoc' : 'Dee Deputy');

  it('says each restriction in a few plain words', () => {
    expect(describeRestriction({ type: 'bar', emergencyBypass: true }, names)).toBe('Call bar, with the emergency key');
    expect(describeRestriction({ type: 'spoc', staffId: OTHER, deputyStaffId: ID }, names)).toBe('Single point of contact: Sam Spoc, deputy Dee Deputy');
    expect(describeRestriction({ type: 'frequency', maxCalls: 1, per: 'month' }, names)).toBe('Call limit: 1 call a month');
    expect(describeRestriction({ type: 'maxDuration', seconds: 600 }, names)).toBe('Time limit: 10 minutes a call');
    expect(describeRestriction({ type: 'callWindows', windows: [{ days: ['mon', 'fri'], from: '10:00', to: '12:00' }] }, names)).toBe('Call times: Mon, Fri 10:00–12:00');
  });

  it('badges a strategy with its state and what is overdue', () => {
    const base = { status: 'authorised' as const, inForce: true, notificationOverdue: false, reviewOverdue: true, urgent: true, allContact: false, notification: null };
    expect(strategyBadges(base).map((b) => b.text)).toEqual(['Authorised', 'In force', 'Review overdue', 'Urgent']);
    expect(strategyBadges({ ...base, status: 'proposed', reviewOverdue: false, urgent: false }).map((b) => b.text)).toEqual(['Awaiting authorisation']);
    expect(strategyBadges({ ...base, inForce: false, urgent: false, reviewOverdue: false }).map((b) => b.text)).toEqual(['Authorised', 'Not in force: letter not recorded']);
  });

  it('tells a phone number from a reference in the search box', () => {
    expect(customerSearch('07700 900123')).toEqual({ phone: '07700 900123' });
    expect(customerSearch('+44 (0)7700-900123')).toEqual({ phone: '+44 (0)7700-900123' });
    expect(customerSearch('CASE-0042')).toEqual({ reference: 'CASE-0042' });
    expect(customerSearch('1234')).toEqual({ reference: '1234' });
    expect(customerSearch('   ')).toBeNull();
  });

  it('names audit actions', () => {
    expect(auditActionLabel('strategy.appeal_recorded')).toBe('Appeal recorded');
    expect(auditActionLabel('customer.created')).toBe('Created');
  });
});
