import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/database.js';
import { createDatabaseEventBus } from '../../src/events/database-event-bus.js';
import type { EventBus, PanelEvent } from '../../src/events/event-bus.js';
import { createLogger } from '../../src/shared/logger.js';
import { createEmptyPostgresDatabase, LOCAL_POSTGRES_URL } from '../support/test-database.js';

// Two instances' buses on one PostgreSQL, as two servers behind a load balancer have them.
let pg: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
const databases: DatabaseHandle[] = [];
const buses: EventBus[] = [];
const heard: [string[], string[]] = [[], []];
const logLines: string[] = [];

const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));
// A display name past NOTIFY's limit sends the event by reference (a table row and its id).
const claimed = (callSid: string, displayName = 'Agent'): PanelEvent => ({
  message: { type: 'call.claimed', callSid, by: { id: 'staff-1', displayName } },
  audience: { everyone: true },
});

async function until(check: () => boolean): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > 5_000) throw new Error('never heard');
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  pg = await createEmptyPostgresDatabase(LOCAL_POSTGRES_URL);
  for (const side of [0, 1] as const) {
    const database = await openDatabase({ kind: 'postgres', url: pg!.url, max: 2 });
    databases.push(database);
    const bus = await createDatabaseEventBus(database, logger);
    bus.subscribe((event) => heard[side].push('callSid' in event.message ? event.message.callSid : '?'));
    buses.push(bus);
  }
});
afterAll(async () => {
  for (const bus of buses) await bus.close();
  for (const database of databases) await database.close();
  await pg?.drop();
});

describe('database event bus (PostgreSQL)', () => {
  it.each([
    ['inline', ''],
    ['by reference', 'x'.repeat(8_000)],
  ])('an instance hears its own event (%s) exactly once, and the other instance once', async (_kind, padding) => {
    const [a, b] = buses as [EventBus, EventBus];
    heard[0].length = 0;
    heard[1].length = 0;
    await a.publish(claimed('CA-from-a', `Agent${padding}`));
    // Its own listeners have it once the NOTIFY is sent, without waiting for it to come back.
    expect(heard[0]).toEqual(['CA-from-a']);
    await until(() => heard[1].length === 1);
    // B's reply is notified after A's event, so once A hears it, A's own notification has come back too.
    await b.publish(claimed('CA-from-b', `Agent${padding}`));
    await until(() => heard[0].length === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(heard[0]).toEqual(['CA-from-a', 'CA-from-b']);
    expect(heard[1]).toEqual(['CA-from-a', 'CA-from-b']);
    expect(logLines.join('')).not.toMatch(/ignored|not found|failed/);
  });

  it("hands an instance's own events to its listeners in the order published, by reference or not", async () => {
    const [a] = buses as [EventBus];
    heard[0].length = 0;
    heard[1].length = 0;
    const sids = ['CA1', 'CA2', 'CA3', 'CA4'];
    await Promise.all(sids.map((sid, i) => a.publish(claimed(sid, i === 2 ? 'x'.repeat(8_000) : 'Agent'))));
    expect(heard[0]).toEqual(sids);
    await until(() => heard[1].length === sids.length);
    // Another instance reads a by-reference event's row before delivering it, so a later inline event can
    // overtake it there (as it always could); each is still heard once.
    expect([...heard[1]].sort()).toEqual(sids);
  });
});
