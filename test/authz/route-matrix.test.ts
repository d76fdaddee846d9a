import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthzWorld, IDENTITIES, type Answer } from './authz-world.js';
import { mountedRoutes } from './express-routes.js';
import { fillPath, ROUTE_MATRIX, routeKey, rowLabel, type RouteRow } from './route-matrix.js';

// Runs the authorization matrix (route-matrix.ts) against the real app over HTTP: every row × every identity.

let world: AuthzWorld;

beforeAll(async () => {
  // One terminated call is enough for an escalation suggestion, so each suggestion the matrix decides costs one call.
  world = await AuthzWorld.start({ env: { ESCALATION_TERMINATIONS: '1' } });
});
afterAll(() => world?.close());

describe('the matrix covers every route', () => {
  it('has a row for every route src/app.ts mounts, and no row for a route that does not exist', () => {
    const { app } = world.app.server;
    const mounted = [...mountedRoutes(app.express), ...app.webhookRoutes].sort();
    const covered = new Set(ROUTE_MATRIX.map(routeKey));
    expect(mounted.filter((route) => !covered.has(route)), 'routes with no row in test/authz/route-matrix.ts').toEqual([]);
    expect([...covered].filter((route) => !mounted.includes(route)), 'rows for routes the app does not have').toEqual([]);
    // A sanity check on the walk itself: it saw the routers mounted under /api and /webhooks/voice.
    expect(mounted).toContain('POST /api/strategies/:id/appeals/:appealId/decision');
    expect(mounted).toContain('POST /webhooks/voice/incoming');
  });

  it('names each row once', () => {
    const labels = ROUTE_MATRIX.map(rowLabel);
    expect(labels.filter((label, i) => labels.indexOf(label) !== i)).toEqual([]);
  });
});

async function run(row: RouteRow, identity: (typeof IDENTITIES)[number]): Promise<Answer> {
  const prepared = row.setup ? await row.setup({ world, identity }) : {};
  const path = fillPath(row.path, prepared.params) + (row.query ?? '');
  const token = 'token' in prepared ? (prepared.token ?? null) : (world.who(identity)?.token ?? null);
  const body = 'body' in prepared ? prepared.body : row.body;
  if (row.twilio) return world.webhook(path, (body ?? {}) as Record<string, string>, { signed: row.twilio === 'signed', token });
  return world.request(row.method, path, { token, body: body ?? (row.method === 'GET' || row.method === 'DELETE' ? undefined : {}) });
}

const cells = ROUTE_MATRIX.flatMap((row) => IDENTITIES.map((identity) => ({ cell: `${rowLabel(row)} as ${identity}`, row, identity, status: row.expect[identity] })));

describe('route matrix', () => {
  it.each(cells)('$cell → $status', async ({ row, identity, status }) => {
    const answer = await run(row, identity);
    const shown = typeof answer.body === 'string' ? answer.body.slice(0, 300) : JSON.stringify(answer.body).slice(0, 300);
    expect(answer.status, shown).toBe(status);
    // A refusal is the refusal it claims to be, not some other error with the same status.
    if (row.path.startsWith('/api') && status === 401) expect(answer.body?.error?.code).toBe('unauthenticated');
    if (row.path.startsWith('/api') && status === 403) expect(answer.body?.error?.code).toBe('forbidden');
    if (row.twilio === 'signed') expect(answer.contentType).toMatch(/xml/);
  });
});
