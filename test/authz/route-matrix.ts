import type { Role } from '../../src/core/roles.js';
import { newCallSid } from '../support/fake-twilio-caller.js';
import { dramaNumber } from '../support/scenario.js';
import { TEST_PASSWORD } from '../support/test-app.js';
import { e164Of, type AuthzWorld, type Identity, type Method, type StrategyOptions } from './authz-world.js';

// The authorization matrix of every HTTP route (issue 7): who may do what, as the policies say (R5: agents
// propose, supervisors authorise partial restrictions, directors also bars on all contact, nobody their own
// proposal; admin runs the system, not the policies; agents see only what their calls need).
//
// One row per route (and a few variants of one route where the answer depends on the record, e.g. a strategy
// that restricts all contact). Each row gives the route as Express mounts it, a valid request (its :params,
// query and body made fresh by `setup` when the request uses something up), and the status each identity
// gets. 401: not signed in; 403: signed in, but the role may not; 2xx/302: may. Webhooks are not for staff at
// all: only a valid Twilio signature counts (403 without one, whoever sends it; 200 with one).
//
// Rows whose note says FINDING hold today's answer where the rule looks wrong against the policies; the note
// says what it should be. Change the cell when the route changes.

export type Expected = Record<Identity, number>;

export interface Cell {
  world: AuthzWorld;
  identity: Identity;
}

export interface Prepared {
  /** Values for the :params in `path`. */
  params?: Record<string, string>;
  body?: unknown;
  /** Replaces the identity's own token (e.g. a fresh session to sign out of). */
  token?: string | null;
}

export interface RouteRow {
  method: Method;
  /** As mounted in src/app.ts: the coverage check compares these with Express's router. */
  path: string;
  /** Which case of the route this row is, when a route has more than one. */
  variant?: string;
  query?: string;
  /** Webhook rows: a Twilio form post, signed or not; the identity's token rides along and changes nothing. */
  twilio?: 'signed' | 'unsigned';
  body?: unknown;
  setup?: (cell: Cell) => Promise<Prepared>;
  expect: Expected;
  /** Why a cell is what it is, when that is not obvious; FINDING: a rule I think is wrong. */
  note?: string;
}

const STAFF: readonly Role[] = ['agent', 'supervisor', 'director', 'admin'];
/** R5: may authorise, decide, acknowledge and resolve. */
const AUTHORISERS: readonly Role[] = ['supervisor', 'director'];
/** May read the supervisors' views: call log, breaches, audit, reports, queues. */
const SUPERVISORS: readonly Role[] = ['supervisor', 'director', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

/** No session needed: the same answer for everyone. */
const anyone = (status: number): Expected => ({ anonymous: status, agent: status, supervisor: status, director: status, admin: status });

/** A signed-in route: 401 without a session, `status` for `roles`, 403 for the other roles. */
function signedIn(roles: readonly Role[], status: number): Expected {
  const cell = (role: Role) => (roles.includes(role) ? status : 403);
  return { anonymous: 401, agent: cell('agent'), supervisor: cell('supervisor'), director: cell('director'), admin: cell('admin') };
}

const strategyId = async ({ world }: Cell) => ({ params: { id: (await world.shared()).strategyId } });

/** A strategy of the row's own, made fresh because the request changes it. */
const freshStrategy = (options: StrategyOptions) => async ({ world }: Cell) => ({ params: { id: (await world.strategy(options)).strategyId } });

/** Each webhook twice: unsigned (403 for everyone, staff tokens are no substitute) and signed (200, TwiML). */
function webhookRows(path: string, query: string, form: (cell: Cell) => Promise<Record<string, string>>): RouteRow[] {
  return (['unsigned', 'signed'] as const).map((twilio) => ({
    method: 'POST',
    path,
    query,
    twilio,
    variant: twilio === 'signed' ? 'signed by Twilio' : 'no Twilio signature',
    setup: async (cell) => ({ body: await form(cell) }),
    expect: anyone(twilio === 'signed' ? 200 : 403),
  }));
}

/** A call Twilio has already told us about, for the webhooks that follow one. */
async function callStep(world: AuthzWorld, extra: Record<string, string>, from?: string): Promise<Record<string, string>> {
  const call = await world.incomingCall(from);
  return world.callForm(call.callSid, call.from, extra);
}

const RECORDING = {
  RecordingSid: 'RE0123456789abcdef0123456789abcdef',
  RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Recordings/RE0123456789abcdef0123456789abcdef',
};

export const ROUTE_MATRIX: readonly RouteRow[] = [
  // ---- health, metrics and the pages (no data in them: each page asks the API who is signed in) ----
  { method: 'GET', path: '/healthz', expect: anyone(200) },
  { method: 'GET', path: '/readyz', expect: anyone(200) },
  { method: 'GET', path: '/metrics', expect: anyone(200), note: 'counts only, no personal data; open like /readyz for the scraper (see report)' },
  { method: 'GET', path: '/', expect: anyone(302), note: 'redirects to /panel' },
  { method: 'GET', path: '/panel', expect: anyone(200) },
  { method: 'GET', path: '/panel/app.js', expect: anyone(200) },
  { method: 'GET', path: '/panel/app.css', expect: anyone(200) },
  { method: 'GET', path: '/supervisor', expect: anyone(200) },
  { method: 'GET', path: '/supervisor/app.js', expect: anyone(200) },
  { method: 'GET', path: '/supervisor/app.css', expect: anyone(200) },

  // ---- Twilio's webhooks ----
  ...webhookRows('/webhooks/voice/incoming', '', async ({ world }) => world.callForm(newCallSid(), e164Of(dramaNumber()), { CallStatus: 'ringing', Direction: 'inbound' })),
  ...webhookRows('/webhooks/voice/status', '', ({ world }) => callStep(world, { CallStatus: 'completed', CallDuration: '42', SequenceNumber: '3' })),
  ...webhookRows('/webhooks/voice/dial-result', '?step=1', ({ world }) => callStep(world, { CallStatus: 'in-progress', DialCallStatus: 'completed', DialCallDuration: '40' })),
  ...webhookRows('/webhooks/voice/emergency', '', async ({ world }) => callStep(world, { CallStatus: 'in-progress', Digits: '2' }, await world.sharedBarredNumber())),
  ...webhookRows('/webhooks/voice/emergency-result', '', async ({ world }) => callStep(world, { CallStatus: 'in-progress', DialCallStatus: 'completed' }, await world.sharedBarredNumber())),
  ...webhookRows('/webhooks/voice/voicemail', '', ({ world }) => callStep(world, { CallStatus: 'in-progress', ...RECORDING, RecordingDuration: '12' })),
  ...webhookRows('/webhooks/voice/recording-status', '?kind=call', ({ world }) => callStep(world, { ...RECORDING, RecordingStatus: 'completed', RecordingDuration: '12' })),

  // ---- session ----
  {
    method: 'POST',
    path: '/api/session',
    note: 'signing in is what an anonymous client does; each role signs in as itself',
    setup: async ({ world, identity }) => {
      const who = world.who(identity) ?? world.cast.deputy;
      return { body: { username: who.staff.username, password: TEST_PASSWORD } };
    },
    expect: anyone(200),
  },
  { method: 'GET', path: '/api/session', expect: signedIn(STAFF, 200) },
  { method: 'DELETE', path: '/api/session', setup: async ({ world, identity }) => ({ token: await world.freshToken(identity) }), expect: signedIn(STAFF, 204) },

  // ---- staff: the directory (names and roles, to name a SPOC) for those who draft strategies; the rest admin only ----
  { method: 'GET', path: '/api/staff/directory', expect: signedIn(SUPERVISORS, 200) },
  { method: 'POST', path: '/api/staff', setup: async ({ world }) => ({ body: world.staffBody() }), expect: signedIn(ADMIN, 201) },
  { method: 'GET', path: '/api/staff', expect: signedIn(ADMIN, 200) },
  { method: 'GET', path: '/api/staff/:id', setup: async ({ world }) => ({ params: { id: world.cast.agent.staff.id } }), expect: signedIn(ADMIN, 200) },
  {
    method: 'PATCH',
    path: '/api/staff/:id',
    setup: async ({ world }) => ({ params: { id: (await world.staffMember()).id }, body: { displayName: 'Renamed Starter' } }),
    expect: signedIn(ADMIN, 200),
  },

  // ---- customers: every member of staff (agents look callers up and record communication needs, R13) ----
  { method: 'POST', path: '/api/customers', setup: async ({ world }) => ({ body: world.customerBody() }), expect: signedIn(STAFF, 201) },
  { method: 'GET', path: '/api/customers', expect: signedIn(SUPERVISORS, 200), note: 'agents search by phone or reference; browsing every customer is for supervisors and above' },
  { method: 'GET', path: '/api/customers/:id', setup: async ({ world }) => ({ params: { id: (await world.shared()).customerId } }), expect: signedIn(STAFF, 200) },
  {
    method: 'PATCH',
    path: '/api/customers/:id',
    variant: 'communication needs',
    setup: async ({ world }) => ({ params: { id: (await world.customer()).id }, body: { communicationNeeds: 'Uses a hearing aid; speak slowly.' } }),
    expect: signedIn(STAFF, 200),
  },
  {
    method: 'PATCH',
    path: '/api/customers/:id',
    variant: 'phone numbers of a customer barred by a strategy in force',
    note: 'moving a bar off (or onto) a number needs R5 authority: supervisor or director',
    setup: async ({ world }) => {
      const { customerId } = await world.strategy({ state: 'in-force', restrictions: [{ type: 'bar' }] });
      return { params: { id: customerId }, body: { phoneNumbers: [dramaNumber()] } };
    },
    expect: signedIn(AUTHORISERS, 200),
  },

  // ---- contact strategies: anyone proposes; R5 for the decisions ----
  {
    method: 'POST',
    path: '/api/strategies',
    setup: async ({ world }) => ({ body: world.proposalBody((await world.customer()).id) }),
    expect: signedIn(STAFF, 201),
  },
  { method: 'GET', path: '/api/strategies', expect: signedIn(STAFF, 200) },
  { method: 'GET', path: '/api/strategies/:id', setup: strategyId, expect: signedIn(STAFF, 200) },
  {
    method: 'POST',
    path: '/api/strategies/:id/authorise',
    variant: 'partial restrictions, proposed by someone else',
    body: { rationale: 'Meets the policy after three warnings.' },
    setup: freshStrategy({ state: 'proposed' }),
    expect: signedIn(AUTHORISERS, 200),
  },
  {
    method: 'POST',
    path: '/api/strategies/:id/authorise',
    variant: 'restricts all contact',
    body: { rationale: 'Meets the policy after three warnings.' },
    setup: freshStrategy({ state: 'proposed', allContact: true, restrictions: [{ type: 'bar' }] }),
    expect: signedIn(['director'], 200),
  },
  {
    method: 'POST',
    path: '/api/strategies/:id/authorise',
    variant: 'their own proposal (four eyes)',
    body: { rationale: 'Meets the policy after three warnings.' },
    setup: async ({ world, identity }) => ({ params: { id: (await world.strategy({ state: 'proposed', proposer: world.who(identity) ?? undefined })).strategyId } }),
    expect: signedIn([], 200),
  },
  {
    method: 'POST',
    path: '/api/strategies/:id/reject',
    body: { reason: 'Not enough evidence of unreasonable contact.' },
    setup: freshStrategy({ state: 'proposed' }),
    expect: signedIn(AUTHORISERS, 200),
  },
  {
    method: 'POST',
    path: '/api/strategies/:id/notification',
    setup: async ({ world }) => ({
      params: { id: (await world.strategy({ state: 'unnotified' })).strategyId },
      body: { sentAt: world.app.clock.now().toISOString(), channel: 'letter', reference: 'LTR-MATRIX' },
    }),
    expect: signedIn(AUTHORISERS, 200),
  },
  {
    method: 'POST',
    path: '/api/strategies/:id/lift',
    body: { reason: 'No calls for three months.' },
    setup: freshStrategy({ state: 'in-force' }),
    expect: signedIn(AUTHORISERS, 200),
  },
  { method: 'GET', path: '/api/strategies/:id/letter', setup: strategyId, expect: signedIn(STAFF, 200) },
  {
    method: 'POST',
    path: '/api/strategies/:id/reviews',
    variant: 'continue',
    body: { outcome: 'continue', notes: 'Still calling daily.' },
    setup: freshStrategy({ state: 'in-force' }),
    expect: signedIn(AUTHORISERS, 201),
  },
  {
    method: 'POST',
    path: '/api/strategies/:id/reviews',
    variant: 'tighten a strategy that restricts all contact',
    body: { outcome: 'tighten', notes: 'Threats continued by letter.', restrictions: [{ type: 'bar', emergencyBypass: false }] },
    setup: freshStrategy({ state: 'in-force', allContact: true, restrictions: [{ type: 'bar', emergencyBypass: true }] }),
    expect: signedIn(['director'], 201),
  },
  { method: 'GET', path: '/api/strategies/:id/reviews', setup: strategyId, expect: signedIn(STAFF, 200) },
  {
    method: 'POST',
    path: '/api/strategies/:id/appeals',
    note: 'recorded by whoever received it',
    body: { summary: 'The caller says the calls were about a new complaint.' },
    setup: freshStrategy({ state: 'in-force' }),
    expect: signedIn(STAFF, 201),
  },
  { method: 'GET', path: '/api/strategies/:id/appeals', setup: strategyId, expect: signedIn(STAFF, 200) },
  {
    method: 'POST',
    path: '/api/strategies/:id/appeals/:appealId/decision',
    note: 'by someone who neither proposed nor authorised the strategy',
    body: { outcome: 'uphold', reasons: 'The restrictions remain proportionate.' },
    setup: async ({ world }) => {
      const { strategyId: id, appealId } = await world.appeal();
      return { params: { id, appealId } };
    },
    expect: signedIn(AUTHORISERS, 200),
  },

  // ---- the supervisors' views: audit, call log, breaches, suggestions, incidents, terminations, dashboard, reports ----
  { method: 'GET', path: '/api/audit', expect: signedIn(SUPERVISORS, 200) },
  { method: 'GET', path: '/api/calls', expect: signedIn(SUPERVISORS, 200) },
  { method: 'GET', path: '/api/breaches', expect: signedIn(SUPERVISORS, 200) },
  {
    method: 'POST',
    path: '/api/breaches/:id/acknowledge',
    body: { note: 'Will tighten at the next review.' },
    setup: async ({ world }) => ({ params: { id: await world.breach() } }),
    expect: signedIn(AUTHORISERS, 200),
  },
  { method: 'GET', path: '/api/escalations', expect: signedIn(SUPERVISORS, 200) },
  { method: 'POST', path: '/api/escalations/:id/accept', setup: async ({ world }) => ({ params: { id: await world.escalation() } }), expect: signedIn(AUTHORISERS, 200) },
  {
    method: 'POST',
    path: '/api/escalations/:id/dismiss',
    body: { note: 'The calls were about a genuine emergency.' },
    setup: async ({ world }) => ({ params: { id: await world.escalation() } }),
    expect: signedIn(AUTHORISERS, 200),
  },
  { method: 'GET', path: '/api/incidents', expect: signedIn(SUPERVISORS, 200) },
  {
    method: 'POST',
    path: '/api/incidents/:id/resolve',
    body: { action: 'Reported to the police, reference 123/26.' },
    setup: async ({ world }) => ({ params: { id: await world.seriousIncident() } }),
    expect: signedIn(AUTHORISERS, 200),
  },
  { method: 'GET', path: '/api/terminations', expect: signedIn(SUPERVISORS, 200) },
  { method: 'GET', path: '/api/dashboard', expect: signedIn(SUPERVISORS, 200) },
  { method: 'GET', path: '/api/reports/summary', expect: signedIn(SUPERVISORS, 200) },
];

/** "METHOD /path" of a row, as the coverage check lists routes. */
export const routeKey = (row: Pick<RouteRow, 'method' | 'path'>) => `${row.method} ${row.path}`;

/** The name of a cell in test output: route, variant, identity. */
export const rowLabel = (row: RouteRow) => `${routeKey(row)}${row.variant ? ` [${row.variant}]` : ''}`;

/** Fills :params into a mounted path. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(value);
  });
}
