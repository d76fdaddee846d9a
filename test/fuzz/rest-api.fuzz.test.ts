import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LANGUAGES } from '../../src/core/customer.js';
import { STORED_STRATEGY_STATUSES } from '../../src/core/contact-strategy.js';
import { ROLES } from '../../src/core/roles.js';
import { customerSchemas } from '../../src/customers/customer.schemas.js';
import { text } from '../../src/http/fields.js';
import { GROUP_BY } from '../../src/reports/report-periods.js';
import { staffSchemas } from '../../src/staff/staff.schemas.js';
import {
  appealDecisionSchema,
  appealSchema,
  authoriseSchema,
  liftSchema,
  notificationSchema,
  proposeStrategySchema,
  rejectSchema,
  reviewSchema,
} from '../../src/strategies/strategy.schemas.js';
import type { SignedInStaff } from '../support/test-app.js';
import { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { PanelClient } from '../support/panel-client.js';
import { DAY } from '../support/test-clock.js';
import {
  bodyFor,
  dateLike,
  headerText,
  idSegment,
  nastyString,
  plausibleText,
  queryFor,
  type GeneratedBody,
} from './arbitraries.js';
import { changedTables, CountsTable, FUZZ_RUNS, FUZZ_SEED, rawClient, startFuzzApp, type FuzzApp, type RawResponse, type Snapshot } from './fuzz-harness.js';

// Every REST route, at least FUZZ_RUNS (>= 1,000) generated requests each, over real HTTP on loopback, as a user
// with enough rights (admin for /api/staff, a director otherwise; sign-in anonymously, session routes with
// forged tokens). Each answer is 4xx with {error:{code,message}} (2xx only for an input the route's own schema
// accepts), never 5xx, nothing logged at error level; a refused write changes no table at all; reads change
// nothing; /healthz still answers. Two servers with the same fixtures, in processes of their own, run side by
// side: the writes one at a time on one (each refused request checked against table snapshots), the reads four
// at a time on the other (whose tables must not change at all).
//
// | route                                              | as          | what is generated                                  |
// |----------------------------------------------------|-------------|----------------------------------------------------|
// | POST   /api/session                                | anonymous   | body (credentials of nobody)                       |
// | GET    /api/session                                | forged      | Authorization / Cookie headers                     |
// | DELETE /api/session                                | forged      | Authorization / Cookie headers                     |
// | GET    /api/staff/directory                        | director    | query                                              |
// | GET    /api/staff                                  | admin       | query                                              |
// | POST   /api/staff                                  | admin       | body                                               |
// | GET    /api/staff/:id                              | admin       | id                                                 |
// | PATCH  /api/staff/:id                              | admin       | id, body                                           |
// | GET    /api/customers                              | director    | query                                              |
// | POST   /api/customers                              | director    | body                                               |
// | GET    /api/customers/:id                          | director    | id                                                 |
// | PATCH  /api/customers/:id                          | director    | id, body                                           |
// | GET    /api/strategies                             | director    | query                                              |
// | POST   /api/strategies                             | director    | body                                               |
// | GET    /api/strategies/:id                         | director    | id                                                 |
// | POST   /api/strategies/:id/authorise               | director    | id, body                                           |
// | POST   /api/strategies/:id/reject                  | director    | id, body                                           |
// | POST   /api/strategies/:id/notification            | director    | id, body                                           |
// | POST   /api/strategies/:id/lift                    | director    | id, body                                           |
// | GET    /api/strategies/:id/letter                  | director    | id, query, Accept                                  |
// | POST   /api/strategies/:id/reviews                 | director    | id, body                                           |
// | GET    /api/strategies/:id/reviews                 | director    | id                                                 |
// | POST   /api/strategies/:id/appeals                 | director    | id, body                                           |
// | GET    /api/strategies/:id/appeals                 | director    | id                                                 |
// | POST   /api/strategies/:id/appeals/:appealId/decision | director | ids, body                                          |
// | GET    /api/audit                                  | director    | query                                              |
// | GET    /api/escalations                            | director    | query                                              |
// | POST   /api/escalations/:id/accept                 | director    | id, body                                           |
// | POST   /api/escalations/:id/dismiss                | director    | id, body                                           |
// | GET    /api/incidents                              | director    | query                                              |
// | POST   /api/incidents/:id/resolve                  | director    | id, body                                           |
// | GET    /api/terminations                           | director    | query                                              |
// | GET    /api/dashboard                              | director    | query                                              |
// | GET    /api/reports/summary                        | director    | query, Accept                                      |
// | GET    /api/calls                                  | director    | query                                              |
// | GET    /api/breaches                               | director    | query                                              |
// | POST   /api/breaches/:id/acknowledge               | director    | id, body                                           |
// | any    /api/<no such route>                        | director    | method, path, body                                 |

type As = 'admin' | 'director' | 'anonymous' | 'forged';

interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: GeneratedBody;
}

interface Endpoint {
  route: string;
  as: As;
  writes: boolean;
  cases: fc.Arbitrary<Case>;
  /** The route's own body schema: a 2xx is only right for a body it accepts; null: no 2xx at all. Absent: any body. */
  schema?: z.ZodType | null;
  /** What a 2xx must look like. */
  okTypes?: RegExp;
  /** Writes to one record: only a path naming one of these can change data. */
  realIds?: string[];
}

interface Fixtures {
  region: Parameters<typeof customerSchemas>[0];
  now: Date;
  staffIds: string[];
  victimStaffId: string;
  spocId: string;
  customerA: string;
  customerB: string;
  customerIds: string[];
  proposed: string[];
  unnotified: string[];
  inForceToLift: string[];
  inForceHistory: string;
  strategyIds: string[];
  appealId: string;
  escalationToAccept: string;
  escalationToDismiss: string;
  incidentId: string;
  breachId: string;
  realToken: string;
}

interface Server {
  name: string;
  app: FuzzApp;
  http: ReturnType<typeof rawClient>;
  admin: SignedInStaff;
  director: SignedInStaff;
  f: Fixtures;
  endpoints: Endpoint[];
}

const counts = new CountsTable();
let writer: Server;
let reader: Server;
/** Every endpoint's fuzz, started in beforeAll; each test awaits its own. */
const runs = new Map<string, Promise<void>>();
/** Tables of the reads server that changed while only reads ran on it. */
let changedByReads: Promise<string[]>;

async function startServerWithFixtures(name: string): Promise<Server> {
  const app = await startFuzzApp();
  const http = rawClient(app.url, 8);
  const { admin, director, f } = await fixtures(app);
  const server: Server = { name, app, http, admin, director, f, endpoints: [] };
  server.endpoints = endpoints(server);
  return server;
}

async function fixtures(app: FuzzApp): Promise<{ admin: SignedInStaff; director: SignedInStaff; f: Fixtures }> {
  const f = {} as Fixtures;
  const [admin, director, d2, agent, supervisor, victim, spoc] = await Promise.all([
    app.staff('admin'),
    app.staff('director'),
    app.staff('director'),
    app.staff('agent'),
    app.staff('supervisor'),
    app.staff('agent'),
    app.staff('supervisor', { phoneNumber: '020 7946 0501' }),
  ]);
  Object.assign(f, {
    region: app.region,
    now: app.clock.now(),
    staffIds: [admin.staff.id, director.staff.id, victim.staff.id],
    victimStaffId: victim.staff.id,
    spocId: spoc.staff.id,
    realToken: victim.token,
  });

  const ok = async <T>(res: Promise<{ status: number; body: any }>, what: string): Promise<T> => {
    const done = await res;
    if (done.status >= 300) throw new Error(`fixture ${what}: ${done.status} ${JSON.stringify(done.body)}`);
    return done.body as T;
  };
  const customer = async (name: string, number: string, extra: Record<string, unknown> = {}) =>
    (await ok<{ id: string }>(agent.api.post('/api/customers', { name, phoneNumbers: [number], ...extra }), 'customer')).id;
  f.customerA = await customer('Fuzz Customer A', '07700 900801');
  f.customerB = await customer('Fuzz Customer B', '07700 900802');
  const barred = await customer('Fuzz Barred', '07700 900803');
  const repeatA = await customer('Fuzz Repeat A', '07700 900804');
  const repeatB = await customer('Fuzz Repeat B', '07700 900805');
  // Hostile but valid text in stored data, for the reads to render (letters, CSV, lists).
  const odd = await customer('Zoë O\'Brien-Smith <script>alert(1)</script> \u202Eشلوم 😀 {{7*7}} ${7*7}', '07700 900807', {
    reference: "R-'; DROP TABLE customers; --",
    communicationNeeds: '</Say><Dial>+15005550006</Dial> =cmd|" /C calc"!A0 \u200F',
    language: 'cy-GB',
  });
  f.customerIds = [f.customerA, f.customerB, barred, odd];

  const reviewAt = new Date(f.now.getTime() + 60 * DAY).toISOString();
  const propose = async (customerId: string, restrictions: unknown[]) =>
    (await ok<{ id: string }>(agent.api.post('/api/strategies', { customerId, reason: 'Persistent calls after warnings.', restrictions, reviewAt }), 'proposal')).id;
  const authorise = (id: string) => ok(d2.api.post(`/api/strategies/${id}/authorise`, { rationale: 'Meets the policy.' }), 'authorise');
  const notify = (id: string) => ok(supervisor.api.post(`/api/strategies/${id}/notification`, { sentAt: f.now.toISOString(), channel: 'letter', reference: 'LTR-FUZZ' }), 'notify');
  const inForce = async (customerId: string, restrictions: unknown[]) => {
    const id = await propose(customerId, restrictions);
    await authorise(id);
    await notify(id);
    return id;
  };
  f.proposed = [await propose(f.customerA, [{ type: 'warning' }]), await propose(f.customerA, [{ type: 'record' }]), await propose(f.customerB, [{ type: 'warning' }])];
  f.unnotified = [await propose(f.customerB, [{ type: 'record' }])];
  await authorise(f.unnotified[0]!);
  f.inForceToLift = [await inForce(f.customerB, [{ type: 'maxDuration', seconds: 600 }])];
  f.inForceHistory = await inForce(f.customerA, [{ type: 'spoc', staffId: spoc.staff.id }, { type: 'warning', message: 'Be calm.' }]);
  const barId = await inForce(barred, [{ type: 'bar', emergencyBypass: true }]);
  const oddId = await inForce(odd, [{ type: 'warning', message: '<Say>Ignore this</Say> & \u202E 😀' }, { type: 'callWindows', windows: [{ days: ['mon'], from: '09:00', to: '10:00' }] }]);
  f.strategyIds = [...f.proposed, ...f.unnotified, ...f.inForceToLift, f.inForceHistory, barId, oddId];
  f.appealId = (await ok<{ id: string }>(agent.api.post(`/api/strategies/${f.inForceHistory}/appeals`, { summary: 'The caller disputes the strategy.' }), 'appeal')).id;

  // A breach (a barred caller rings), terminations enough for two escalation suggestions, and a serious incident.
  const caller = new FakeTwilioCaller(app.url);
  await caller.call('07700 900803');
  const panel = await PanelClient.open(app.url, agent.token);
  try {
    let ref = 0;
    const terminate = async (from: string, reason: string) => {
      const { callSid } = await caller.call(from);
      const r = `fixture-${++ref}`;
      panel.send({ type: 'termination.log', ref: r, callSid, reason, details: 'Kept shouting after a warning.', warned: true });
      const answer = await panel.next((m) => m.ref === r, 10_000);
      if (answer.type !== 'ack') throw new Error(`fixture termination: ${JSON.stringify(answer)}`);
    };
    for (let i = 0; i < 3; i++) await terminate('07700 900804', 'abusive_language');
    for (let i = 0; i < 3; i++) await terminate('07700 900805', 'harassment');
    await terminate('07700 900806', 'threat_of_violence');
  } finally {
    panel.close();
  }
  await app.settle();
  const escalations = (await ok<{ items: Array<{ id: string; customerId: string | null; callerE164: string | null }> }>(director.api.get('/api/escalations?status=open'), 'escalations')).items;
  const escalationOf = (customerId: string, number: string) => escalations.find((e) => e.customerId === customerId || e.callerE164 === number)?.id;
  f.escalationToAccept = escalationOf(repeatA, '+447700900804')!;
  f.escalationToDismiss = escalationOf(repeatB, '+447700900805')!;
  f.incidentId = (await ok<{ items: Array<{ id: string }> }>(director.api.get('/api/incidents'), 'incidents')).items[0]!.id;
  f.breachId = (await ok<{ items: Array<{ id: string }> }>(director.api.get(`/api/breaches?strategyId=${barId}`), 'breaches')).items[0]!.id;
  for (const [name, value] of Object.entries(f)) if (value === undefined) throw new Error(`fixture ${name} missing: ${JSON.stringify(escalations)}`);
  return { admin, director, f };
}

beforeAll(async () => {
  [writer, reader] = await Promise.all([startServerWithFixtures('writes'), startServerWithFixtures('reads')]);
  const settled = new Map<string, { resolve(): void; reject(err: unknown): void }>();
  for (const route of [...WRITES, ...READS]) {
    const promise = new Promise<void>((resolve, reject) => settled.set(route, { resolve, reject }));
    promise.catch(() => {}); // reported by the route's own test
    runs.set(route, promise);
  }
  const run = (server: Server, route: string) => fuzz(server, route).then(settled.get(route)!.resolve, settled.get(route)!.reject);
  // Writes one at a time on a server (its snapshots then tell which request changed what); reads four at a time
  // on the other server, which then helps with the writes that are left.
  const writeQueue = [...WRITES];
  const readQueue = [...READS];
  const readerBefore = await reader.app.snapshot();
  let readsDone: (changed: string[]) => void = () => {};
  changedByReads = new Promise((resolve) => (readsDone = resolve));
  const writerLane = async () => {
    for (let route = writeQueue.shift(); route; route = writeQueue.shift()) await run(writer, route);
  };
  const readerLanes = async () => {
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let route = readQueue.shift(); route; route = readQueue.shift()) await run(reader, route);
      }),
    );
    readsDone(changedTables(readerBefore, await reader.app.snapshot()));
    for (let route = writeQueue.shift(); route; route = writeQueue.shift()) await run(reader, route);
  };
  void writerLane();
  void readerLanes();
}, 180_000);

afterAll(async () => {
  await Promise.allSettled(runs.values());
  counts.print('REST API');
  for (const server of [writer, reader]) {
    server?.http.close();
    await server?.app.close();
  }
});

// --- generators -------------------------------------------------------------------------------------------

const path = (template: string, ids: Record<string, fc.Arbitrary<string>> = {}): fc.Arbitrary<string> =>
  fc.record(ids).map((values) => template.replace(/:(\w+)/g, (_m, name: string) => values[name] ?? name));

const int = (min: number, max: number) => fc.integer({ min, max }).map(String);
/** Mostly small pages (big ones cost time and prove little more), sometimes out of range. */
const limit = (max: number) => fc.oneof({ arbitrary: int(1, 20), weight: 6 }, { arbitrary: int(-5, max + 100), weight: 1 });
const dateParam = dateLike.map((d) => String(d));
const bool = fc.constantFrom('true', 'false', 'TRUE', '1', 'yes');
const phoneText = fc.constantFrom('07700 900801', '+447700900802', '+44 (0)7700 900803', '020 7946 0018', '+1 202 555 0143', '911', '+');
const acceptHeader = fc.oneof(
  fc.constantFrom('text/plain', 'text/html', 'text/csv', 'application/json', '*/*', 'text/*;q=0.1, application/json;q=0', 'garbage/;;;', 'image/png', ''),
  headerText,
);

const noteSchema = z.object({ note: text(2000) }).strict();

function endpoints(server: Server): Endpoint[] {
  const { f } = server;
  function caseOf(method: string, as: As, pathArb: fc.Arbitrary<string>, extra: { query?: fc.Arbitrary<string>; body?: fc.Arbitrary<GeneratedBody>; headers?: fc.Arbitrary<Record<string, string>> } = {}): fc.Arbitrary<Case> {
    return fc
      .record({
        path: pathArb,
        query: extra.query ?? fc.constant(''),
        body: extra.body ?? fc.constant(undefined),
        headers: extra.headers ?? fc.constant({}),
      })
      .map(({ path: p, query, body, headers }) => {
        const auth: Record<string, string> = as === 'admin' ? { authorization: `Bearer ${server.admin.token}` } : as === 'director' ? { authorization: `Bearer ${server.director.token}` } : {};
        return {
          method,
          path: p + query,
          headers: {
            ...auth,
            ...(body?.contentType ? { 'content-type': body.contentType } : {}),
            ...(body?.contentEncoding ? { 'content-encoding': body.contentEncoding } : {}),
            ...headers,
          },
          ...(body ? { body } : {}),
        };
      });
  }

  const forgedSession: () => fc.Arbitrary<Record<string, string>> = () =>
    fc.oneof(
      headerText.map((t) => ({ authorization: `Bearer ${t}` })),
      headerText.map((t) => ({ authorization: t })),
      headerText.map((t) => ({ cookie: `callguard_session=${t}` })),
      headerText.map((t) => ({ cookie: t })),
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => ({ authorization: `Bearer ${Buffer.from(bytes).toString('base64url')}` })),
      fc.constantFrom<Record<string, string>>(
        {},
        { authorization: 'Bearer' },
        { authorization: 'Bearer   ' },
        { authorization: 'Basic YWRtaW46YWRtaW4=' },
        { authorization: `Bearer ${f.realToken}x` },
        { authorization: `Bearer ${f.realToken.slice(0, -1)}` },
        { authorization: `Bearer ${f.realToken} ${f.realToken}` },
        { cookie: `callguard_session=${f.realToken.slice(1)}` },
        { cookie: 'callguard_session=%' },
        { cookie: 'callguard_session="unterminated' },
        { cookie: 'callguard_session=; callguard_session=x' },
        { authorization: 'Bearer \u00ff\u00fe' },
      ),
    );

  const restriction = () =>
    fc.constantFrom<Record<string, unknown>>(
      { type: 'warning' },
      { type: 'warning', message: 'Please stay calm.' },
      { type: 'record' },
      { type: 'bar', emergencyBypass: true },
      { type: 'frequency', maxCalls: 2, per: 'week' },
      { type: 'maxDuration', seconds: 600 },
      { type: 'callWindows', windows: [{ days: ['mon', 'wed'], from: '09:00', to: '12:00' }], timeZone: 'Europe/London' },
      { type: 'spoc', staffId: f.spocId },
    );

  const soon = (days: number) => new Date(f.now.getTime() + days * DAY).toISOString();
  const ago = (days: number) => new Date(f.now.getTime() - days * DAY).toISOString();

  /** Each write route's body: valid fields, then bodyFor() breaks them. */
  const bodies = {
    // Mostly an empty password: a well-formed sign-in costs a deliberate ~50 ms of scrypt, even for nobody.
    signIn: () => fc.record({ username: fc.constantFrom('', '', '', 'nobody'), password: fc.constantFrom('', '', '', 'x') }),
    staffCreate: () =>
      fc.record(
        {
          username: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{1,15}$/),
          displayName: plausibleText,
          role: fc.constantFrom(...ROLES),
          // Two in three too short: each member of staff created costs ~50 ms of scrypt.
          password: fc.constantFrom('short', 'tiny pass', 'correct horse battery staple'),
          phoneNumber: fc.option(phoneText),
          clientIdentity: fc.option(fc.constantFrom('desk-7', 'a@b.c')),
        },
        { requiredKeys: ['username', 'displayName', 'role', 'password'] },
      ),
    staffUpdate: () =>
      fc
        .record(
          {
            displayName: plausibleText,
            role: fc.constantFrom(...ROLES),
            password: fc.constantFrom('another horse battery staple', 'short'),
            phoneNumber: fc.option(phoneText),
            clientIdentity: fc.option(fc.constantFrom('desk-8')),
            active: fc.boolean(),
          },
          { requiredKeys: [] },
        )
        .filter((o) => Object.keys(o).length > 0),
    customerCreate: () =>
      fc.record(
        {
          name: plausibleText,
          reference: fc.option(fc.string({ maxLength: 12 })),
          phoneNumbers: fc.array(phoneText, { maxLength: 3 }),
          communicationNeeds: fc.option(plausibleText),
          language: fc.constantFrom(...LANGUAGES),
        },
        { requiredKeys: ['name'] },
      ),
    customerUpdate: () =>
      fc
        .record(
          { name: plausibleText, reference: fc.option(fc.string({ maxLength: 12 })), phoneNumbers: fc.array(phoneText, { maxLength: 3 }), communicationNeeds: fc.option(plausibleText), language: fc.constantFrom(...LANGUAGES) },
          { requiredKeys: [] },
        )
        .filter((o) => Object.keys(o).length > 0),
    propose: () =>
      fc.record(
        {
          customerId: fc.constantFrom(f.customerB, f.customerA),
          reason: plausibleText,
          restrictions: fc.array(restriction(), { minLength: 1, maxLength: 2 }),
          priorWarnings: fc.array(fc.record({ date: fc.constantFrom('2026-01-01', ago(3)), summary: plausibleText }), { maxLength: 2 }),
          startsAt: fc.constantFrom(f.now.toISOString(), soon(1)),
          endsAt: fc.option(fc.constant(soon(200))),
          reviewAt: fc.constantFrom(soon(30), soon(90)),
          allContact: fc.boolean(),
          urgent: fc.boolean(),
        },
        { requiredKeys: ['customerId', 'reason', 'restrictions'] },
      ),
    authorise: () => fc.record({ rationale: plausibleText, urgent: fc.boolean() }, { requiredKeys: ['rationale'] }),
    reason: () => fc.record({ reason: plausibleText }),
    notification: () => fc.record({ sentAt: fc.constantFrom(ago(1), f.now.toISOString()), channel: fc.constantFrom('letter', 'email', 'both'), reference: plausibleText }),
    review: () =>
      fc.oneof(
        fc.record({ outcome: fc.constant('continue'), notes: plausibleText, nextReviewAt: fc.constantFrom(soon(60), soon(200)) }, { requiredKeys: ['outcome', 'notes'] }),
        fc.record({ outcome: fc.constantFrom('ease', 'tighten'), notes: plausibleText, restrictions: fc.array(restriction(), { minLength: 1, maxLength: 2 }) }),
      ),
    appeal: () => fc.record({ receivedAt: fc.constantFrom(ago(2), f.now.toISOString()), summary: plausibleText }, { requiredKeys: ['summary'] }),
    appealDecision: () =>
      fc.oneof(fc.record({ outcome: fc.constantFrom('uphold', 'lift'), reasons: plausibleText }), fc.record({ outcome: fc.constant('ease'), reasons: plausibleText, restrictions: fc.array(restriction(), { minLength: 1, maxLength: 1 }) })),
    note: () => fc.record({ note: plausibleText }),
    action: () => fc.record({ action: plausibleText }),
    none: () => fc.constant({}),
  };

  const staff = staffSchemas(f.region);
  const customers = customerSchemas(f.region);
  const strategyId = (real: string[]) => idSegment(real);
  const write = (method: string, route: string, as: As, ids: Record<string, string[]>, body: fc.Arbitrary<Record<string, unknown>>, schema: z.ZodType | null | undefined, validWeight = 1): Endpoint => ({
    route: `${method} ${route}`,
    as,
    writes: true,
    cases: caseOf(method, as, path(route, Object.fromEntries(Object.entries(ids).map(([name, real]) => [name, idSegment(real)]))), { body: bodyFor(body, { validWeight }) }),
    ...(schema === undefined ? {} : { schema }),
    ...(Object.keys(ids).length ? { realIds: Object.values(ids).flat() } : {}),
  });
  const read = (route: string, as: As, ids: Record<string, fc.Arbitrary<string>>, query: Record<string, fc.Arbitrary<string>>, okTypes = /json/, headers?: fc.Arbitrary<Record<string, string>>): Endpoint => ({
    route: `GET ${route}`,
    as,
    writes: false,
    cases: caseOf('GET', as, path(route, ids), { query: queryFor(query), ...(headers ? { headers } : {}) }),
    okTypes,
  });

  return [
    // sessions
    { ...write('POST', '/api/session', 'anonymous', {}, bodies.signIn(), null, 0) },
    { route: 'GET /api/session', as: 'forged', writes: false, cases: caseOf('GET', 'forged', fc.constant('/api/session'), { headers: forgedSession() }), schema: null },
    { route: 'DELETE /api/session', as: 'forged', writes: true, cases: caseOf('DELETE', 'forged', fc.constant('/api/session'), { headers: forgedSession() }), schema: null },
    // staff
    read('/api/staff/directory', 'director', {}, {}),
    read('/api/staff', 'admin', {}, {}),
    write('POST', '/api/staff', 'admin', {}, bodies.staffCreate(), staff.create),
    read('/api/staff/:id', 'admin', { id: idSegment(f.staffIds) }, {}),
    write('PATCH', '/api/staff/:id', 'admin', { id: [f.victimStaffId] }, bodies.staffUpdate(), staff.update),
    // customers
    read('/api/customers', 'director', {}, { phone: phoneText, reference: fc.constantFrom('FUZZ-A', 'x'), limit: limit(600), offset: int(-5, 1e6) }),
    write('POST', '/api/customers', 'director', {}, bodies.customerCreate(), customers.create),
    read('/api/customers/:id', 'director', { id: idSegment(f.customerIds) }, {}),
    write('PATCH', '/api/customers/:id', 'director', { id: [f.customerA] }, bodies.customerUpdate(), customers.update),
    // strategies
    read('/api/strategies', 'director', {}, { status: fc.constantFrom(...STORED_STRATEGY_STATUSES), customerId: idSegment(f.customerIds), inForce: bool, limit: limit(600), offset: int(-5, 1e6) }),
    write('POST', '/api/strategies', 'director', {}, bodies.propose(), proposeStrategySchema),
    read('/api/strategies/:id', 'director', { id: strategyId(f.strategyIds) }, {}),
    write('POST', '/api/strategies/:id/authorise', 'director', { id: f.proposed }, bodies.authorise(), authoriseSchema),
    write('POST', '/api/strategies/:id/reject', 'director', { id: f.proposed }, bodies.reason(), rejectSchema),
    write('POST', '/api/strategies/:id/notification', 'director', { id: f.unnotified }, bodies.notification(), notificationSchema),
    write('POST', '/api/strategies/:id/lift', 'director', { id: f.inForceToLift }, bodies.reason(), liftSchema),
    read('/api/strategies/:id/letter', 'director', { id: strategyId(f.strategyIds) }, { format: fc.constantFrom('html', 'text', 'pdf') }, /text\/(html|plain)/, acceptHeader.map((accept) => ({ accept }))),
    write('POST', '/api/strategies/:id/reviews', 'director', { id: [f.inForceHistory] }, bodies.review(), reviewSchema),
    read('/api/strategies/:id/reviews', 'director', { id: strategyId(f.strategyIds) }, {}),
    write('POST', '/api/strategies/:id/appeals', 'director', { id: [f.inForceHistory] }, bodies.appeal(), appealSchema),
    read('/api/strategies/:id/appeals', 'director', { id: strategyId(f.strategyIds) }, {}),
    write('POST', '/api/strategies/:id/appeals/:appealId/decision', 'director', { id: [f.inForceHistory], appealId: [f.appealId] }, bodies.appealDecision(), appealDecisionSchema),
    // supervision
    read('/api/audit', 'director', {}, { entity: fc.constantFrom('staff', 'session', 'customer', 'strategy', 'call', 'breach', 'termination'), id: nastyString, after: int(-5, 1e9), limit: limit(2_000) }),
    read('/api/escalations', 'director', {}, { status: fc.constantFrom('open', 'accepted', 'dismissed') }),
    write('POST', '/api/escalations/:id/accept', 'director', { id: [f.escalationToAccept] }, bodies.none(), undefined),
    write('POST', '/api/escalations/:id/dismiss', 'director', { id: [f.escalationToDismiss] }, bodies.note(), noteSchema),
    read('/api/incidents', 'director', {}, { open: bool }),
    write('POST', '/api/incidents/:id/resolve', 'director', { id: [f.incidentId] }, bodies.action(), z.object({ action: text(4000) }).strict()),
    read('/api/terminations', 'director', {}, { customerId: idSegment(f.customerIds), acknowledged: bool, since: dateParam, until: dateParam, limit: limit(2_000) }),
    read('/api/dashboard', 'director', {}, {}),
    read('/api/reports/summary', 'director', {}, { from: dateParam, to: dateParam, groupBy: fc.constantFrom(...GROUP_BY, 'week'), format: fc.constantFrom('json', 'csv', 'xml') }, /json|csv/, acceptHeader.map((accept) => ({ accept }))),
    // calls and breaches
    read('/api/calls', 'director', {}, { customerId: idSegment(f.customerIds), number: phoneText, since: dateParam, until: dateParam, limit: limit(2_000), offset: int(-5, 1e6) }),
    read('/api/breaches', 'director', {}, { customerId: idSegment(f.customerIds), strategyId: idSegment(f.strategyIds), acknowledged: bool, since: dateParam, until: dateParam, limit: limit(2_000), offset: int(-5, 1e6) }),
    write('POST', '/api/breaches/:id/acknowledge', 'director', { id: [f.breachId] }, bodies.note(), noteSchema),
    // no such route
    {
      route: 'any /api/<no such route>',
      as: 'director',
      writes: true,
      schema: null,
      cases: fc
        .tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), fc.array(idSegment([]), { minLength: 1, maxLength: 3 }), bodyFor(fc.constant({ x: 1 })))
        .filter(([, segments]) => !['staff', 'customers', 'strategies', 'audit', 'escalations', 'incidents', 'terminations', 'dashboard', 'reports', 'calls', 'breaches', 'session'].includes(segments[0]!))
        .chain(([method, segments, body]) => caseOf(method, 'director', fc.constant(`/api/${segments.join('/')}`), method === 'GET' || method === 'DELETE' ? {} : { body: fc.constant(body) })),
    },
  ];
}

/** The body as the route sees it: parsed JSON when it is JSON the parser accepts, otherwise nothing ({}). */
function bodySeen(body: GeneratedBody | undefined): { parsed: true; value: unknown } | { parsed: false } {
  if (!body) return { parsed: true, value: {} };
  const plainJson = body.contentType !== null && /^application\/json(\s*;\s*charset=utf-8)?$/i.test(body.contentType);
  if (body.contentEncoding && body.contentEncoding !== 'identity') return { parsed: false };
  if (body.contentType === null || !/^application\/json/i.test(body.contentType)) return { parsed: true, value: {} };
  if (!plainJson) return { parsed: false };
  try {
    return { parsed: true, value: JSON.parse(body.payload.toString().replace(/^\uFEFF/, '')) };
  } catch {
    return { parsed: false };
  }
}

const describeCase = (c: Case) =>
  `${c.method} ${c.path.slice(0, 300)}${c.path.length > 300 ? '…' : ''} headers=${JSON.stringify(c.headers).slice(0, 300)} body(${c.body?.kind ?? 'none'})=${c.body ? JSON.stringify(c.body.payload.toString().slice(0, 300)) : ''}`;

function fail(message: string, c: Case, res?: RawResponse): never {
  throw new Error(`${message}\n${describeCase(c)}${res ? `\n→ ${res.status} ${res.text.slice(0, 500)}` : ''}`);
}

/** Whether the body passes the route's own schema (null: nothing passes; undefined: no body to check). */
function schemaAccepts(endpoint: Endpoint, c: Case): boolean {
  if (endpoint.schema === null) return false;
  if (!endpoint.schema) return true;
  const seen = bodySeen(c.body);
  return seen.parsed && endpoint.schema.safeParse(seen.value).success;
}

/** Every refusal's body, whatever else it holds. */
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

function checkAnswer(endpoint: Endpoint, c: Case, res: RawResponse): void {
  if (res.status >= 500) fail('5xx', c, res);
  if (res.status < 200 || (res.status >= 300 && res.status < 400)) fail('neither 2xx nor 4xx', c, res);
  if (res.status >= 400) {
    if (!/application\/json/.test(res.headers['content-type'] ?? '')) fail('a 4xx without a JSON body', c, res);
    if (!errorBody.safeParse(JSON.parse(res.text)).success) fail('a 4xx without {error:{code,message}}', c, res);
    return;
  }
  if (!schemaAccepts(endpoint, c)) fail("2xx for a request the route's schema refuses", c, res);
  if (res.status !== 204 && !(endpoint.okTypes ?? /json/).test(res.headers['content-type'] ?? '')) fail('2xx of an unexpected type', c, res);
  if (/json/.test(res.headers['content-type'] ?? '')) JSON.parse(res.text);
}

/**
 * Writes: a request that cannot apply (its body fails the route's schema, or its path names no real record) must be
 * refused and change nothing; those are checked against a snapshot every 50 requests. Before and after one that
 * might apply, a snapshot is taken, so every refused request is checked and a valid one may change data.
 * Reads are checked at the end: the reads server's tables must be exactly as they were.
 */
async function fuzz(server: Server, route: string): Promise<void> {
  const { app, http } = server;
  const index = server.endpoints.findIndex((e) => e.route === route);
  const endpoint = server.endpoints[index];
  if (!endpoint) throw new Error(`no endpoint ${route}`);
  counts.row(endpoint.route);
  const started = performance.now();
  let baseline: Snapshot | null = endpoint.writes ? await app.snapshot() : null;
  let pending: string[] = [];
  const verifyPending = async () => {
    if (!baseline) return;
    const now = await app.snapshot();
    const changed = changedTables(baseline, now);
    if (changed.length) throw new Error(`one of these ${pending.length} refused requests changed ${changed.join(', ')}:\n${pending.join('\n')}`);
    baseline = now;
    pending = [];
  };
  const realIds = endpoint.realIds?.map((id) => id.toLowerCase());
  await fc.assert(
    fc.asyncProperty(endpoint.cases, async (c) => {
      const valid = endpoint.schema === undefined ? undefined : schemaAccepts(endpoint, c);
      const mayApply = baseline !== null && schemaAccepts(endpoint, c) && (!realIds || realIds.some((id) => c.path.toLowerCase().includes(id)));
      if (mayApply) await verifyPending();
      const logged = app.errors.length;
      const res = await http.send({ method: c.method, path: c.path, headers: c.headers, ...(c.body ? { body: c.body.payload } : {}) });
      counts.add(endpoint.route, res.status, valid);
      checkAnswer(endpoint, c, res);
      await app.sync();
      if (app.errors.length > logged) fail(`errors logged while answering (or while answering another request at the same time):\n${app.errors.slice(logged).join('\n')}`, c, res);
      if (!baseline) return;
      if (!mayApply) {
        pending.push(`${res.status} ${describeCase(c).slice(0, 300)}`);
        if (pending.length >= 50) await verifyPending();
        return;
      }
      const now = await app.snapshot();
      if (res.status >= 400 && changedTables(baseline, now).length) fail(`a refused request changed ${changedTables(baseline, now).join(', ')}`, c, res);
      baseline = now;
    }),
    { numRuns: FUZZ_RUNS, seed: FUZZ_SEED + index, endOnFailure: true },
  );
  await verifyPending();
  expect((await http.send({ method: 'GET', path: '/healthz' })).status).toBe(200);
  counts.row(endpoint.route).ms = performance.now() - started;
}

const WRITES = [
  'POST /api/session',
  'DELETE /api/session',
  'POST /api/staff',
  'PATCH /api/staff/:id',
  'POST /api/customers',
  'PATCH /api/customers/:id',
  'POST /api/strategies',
  'POST /api/strategies/:id/authorise',
  'POST /api/strategies/:id/reject',
  'POST /api/strategies/:id/notification',
  'POST /api/strategies/:id/lift',
  'POST /api/strategies/:id/reviews',
  'POST /api/strategies/:id/appeals',
  'POST /api/strategies/:id/appeals/:appealId/decision',
  'POST /api/escalations/:id/accept',
  'POST /api/escalations/:id/dismiss',
  'POST /api/incidents/:id/resolve',
  'POST /api/breaches/:id/acknowledge',
  'any /api/<no such route>',
];
const READS = [
  'GET /api/session',
  'GET /api/staff/directory',
  'GET /api/staff',
  'GET /api/staff/:id',
  'GET /api/customers',
  'GET /api/customers/:id',
  'GET /api/strategies',
  'GET /api/strategies/:id',
  'GET /api/strategies/:id/letter',
  'GET /api/strategies/:id/reviews',
  'GET /api/strategies/:id/appeals',
  'GET /api/audit',
  'GET /api/escalations',
  'GET /api/incidents',
  'GET /api/terminations',
  'GET /api/dashboard',
  'GET /api/reports/summary',
  'GET /api/calls',
  'GET /api/breaches',
];

describe('REST API fuzz', () => {
  it('covers every route in the table', () => {
    expect([...WRITES, ...READS].sort()).toEqual(writer.endpoints.map((e) => e.route).sort());
  });

  // Each endpoint's fuzz started in beforeAll (see there for which server runs what); the tests wait for theirs.
  describe('writes: never 5xx, refused requests change nothing', () => {
    it.each(WRITES)('%s', (route) => runs.get(route)!, 600_000);
  });

  describe('reads: never 5xx, no data changes at all', () => {
    it.each(READS)('%s', (route) => runs.get(route)!, 600_000);
    it('left every table of the reads server as it was', async () => {
      expect(await changedByReads, 'tables changed by reads').toEqual([]);
    });
  });

  it('prints at least the minimum number of cases for every route', () => {
    for (const route of [...WRITES, ...READS]) expect(counts.row(route).cases, route).toBeGreaterThanOrEqual(FUZZ_RUNS);
  });
});
