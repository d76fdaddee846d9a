import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { GeneratedBody } from './arbitraries.js';
import { changedTables, CountsTable, FUZZ_RUNS, FUZZ_SEED, rawClient, startFuzzApp, type RawResponse, type Snapshot } from './fuzz-harness.js';
import { fixtures } from './rest-fixtures.js';
import { endpoints, type Case, type Endpoint, type Server } from './rest-endpoints.js';

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
