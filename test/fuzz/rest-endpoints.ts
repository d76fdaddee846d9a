import type { Fixtures } from './rest-fixtures.js';
import fc from 'fast-check';
import { z } from 'zod';
import { LANGUAGES } from '../../src/core/customer.js';
import { STORED_STRATEGY_STATUSES } from '../../src/core/contact-strategy.js';
import { ROLES } from '../../src/core/roles.js';
import { customerSchemas } from '../../src/customers/customer.schemas.js';
import { text } from '../../src/http/fields.js';
import { GROUP_BY } from '../../src/reports/report-periods.js';
import { staffSchemas } from '../../src/staff/staff.schemas.js';
import { appealDecisionSchema, appealSchema, authoriseSchema, liftSchema, notificationSchema, proposeStrategySchema, rejectSchema, reviewSchema } from '../../src/strategies/strategy.schemas.js';
import type { SignedInStaff } from '../support/test-app.js';
import { DAY } from '../support/test-clock.js';
import { bodyFor, dateLike, headerText, idSegment, nastyString, plausibleText, queryFor, type GeneratedBody } from './arbitraries.js';
import { rawClient, type FuzzApp } from './fuzz-harness.js';
// What the REST fuzz sends: for every route, who asks and the arbitrary that generates its requests.

export type As = 'admin' | 'director' | 'anonymous' | 'forged';

export interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: GeneratedBody;
}

export interface Endpoint {
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

export interface Server {
  name: string;
  app: FuzzApp;
  http: ReturnType<typeof rawClient>;
  admin: SignedInStaff;
  director: SignedInStaff;
  f: Fixtures;
  endpoints: Endpoint[];
}


export const path = (template: string, ids: Record<string, fc.Arbitrary<string>> = {}): fc.Arbitrary<string> =>
  fc.record(ids).map((values) => template.replace(/:(\w+)/g, (_m, name: string) => values[name] ?? name));

export const int = (min: number, max: number) => fc.integer({ min, max }).map(String);
/** Mostly small pages (big ones cost time and prove little more), sometimes out of range. */
export const limit = (max: number) => fc.oneof({ arbitrary: int(1, 20), weight: 6 }, { arbitrary: int(-5, max + 100), weight: 1 });
export const dateParam = dateLike.map((d) => String(d));
export const bool = fc.constantFrom('true', 'false', 'TRUE', '1', 'yes');
export const phoneText = fc.constantFrom('07700 900801', '+447700900802', '+44 (0)7700 900803', '020 7946 0018', '+1 202 555 0143', '911', '+');
export const acceptHeader = fc.oneof(
  fc.constantFrom('text/plain', 'text/html', 'text/csv', 'application/json', '*/*', 'text/*;q=0.1, application/json;q=0', 'garbage/;;;', 'image/png', ''),
  headerText,
);

export const noteSchema = z.object({ note: text(2000) }).strict();

export function endpoints(server: Server): Endpoint[] {
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
