import { randomBytes, randomUUID } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DatabaseHandle } from '../../db/database.js';
import { panelEvents } from '../../db/schema/index.js';
import { ROLES } from '../core/roles.js';
import { GroupCommit } from '../shared/group-commit.js';
import type { ServerMessage } from '../panel/panel.protocol.js';
import type { Logger } from '../shared/logger.js';
import { deliverToListeners, type EventBus, type PanelEvent, type PanelEventListener } from './event-bus.js';

export const PANEL_CHANNEL = 'callguard_panel';
// NOTIFY payloads must stay under 8000 bytes; leave room for the envelope.
const MAX_INLINE_BYTES = 7_000;
const KEEP_LARGE_EVENTS_MS = 60 * 60_000;

const messageSchema = z.custom<ServerMessage>((v) => typeof v === 'object' && v !== null && 'type' in v && typeof v.type === 'string');
const eventSchema = z.object({
  message: messageSchema,
  audience: z.union([z.object({ everyone: z.literal(true) }), z.object({ roles: z.array(z.enum(ROLES)), staffIds: z.array(z.string()) })]),
});
const envelopeSchema = z.union([z.object({ events: z.array(eventSchema) }), z.object({ event: eventSchema }), z.object({ ref: z.uuid() })]);

/** `prefix` (`{"from":"<instance>",`) then `"events":[...]}`: payloads of serialised events, each under NOTIFY's limit, in order. */
function packEnvelopes(prefix: string, events: string[]): string[] {
  const payloads: string[] = [];
  let batch: string[] = [];
  let bytes = 0;
  for (const json of events) {
    const size = Buffer.byteLength(json) + 1;
    if (batch.length > 0 && bytes + size > MAX_INLINE_BYTES) {
      payloads.push(`${prefix}"events":[${batch.join(',')}]}`);
      batch = [];
      bytes = 0;
    }
    batch.push(json);
    bytes += size;
  }
  if (batch.length > 0) payloads.push(`${prefix}"events":[${batch.join(',')}]}`);
  return payloads;
}

/**
 * Panel events through PostgreSQL LISTEN/NOTIFY, so every instance's sockets hear every instance's calls.
 *
 * Each payload starts `{"from":"<this instance>",` and the publisher hands its own events to its listeners
 * itself once the NOTIFY has been sent (the object as published, as the local bus does), skipping them when
 * they come back by string prefix: parsing and validating them again cost the busy server a JSON.parse and
 * a schema check per batch. Other instances' payloads (and untagged ones from older versions, which in turn
 * ignore the extra field) are parsed and checked as before.
 */
export async function createDatabaseEventBus(database: DatabaseHandle, logger: Logger): Promise<EventBus> {
  const listeners = new Set<PanelEventListener>();
  const deliver = (event: PanelEvent) => deliverToListeners(listeners, event, logger);
  const ownPrefix = `{"from":"${randomBytes(6).toString('hex')}",`;
  const receive = async (payload: string) => {
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      return logger.warn('unreadable panel notification ignored');
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) return logger.warn('malformed panel notification ignored');
    if ('events' in envelope.data) return envelope.data.events.forEach(deliver);
    if ('event' in envelope.data) return deliver(envelope.data.event);
    const [row] = await database.db.select().from(panelEvents).where(eq(panelEvents.id, envelope.data.ref)).limit(1);
    const stored = eventSchema.safeParse(row?.payload);
    if (stored.success) deliver(stored.data);
    else logger.warn({ ref: envelope.data.ref }, 'large panel event not found');
  };
  // Events published while the last ones were being sent go out together: as few notifications as fit under
  // NOTIFY's limit, in one statement; one statement at a time keeps them in order. Each publisher's promise
  // settles when its event has been sent and this instance's listeners have had it.
  const outbox = new GroupCommit<PanelEvent>(async (events) => {
    let small: { event: PanelEvent; json: string }[] = [];
    const sendSmall = async () => {
      if (small.length === 0) return;
      const sent = small;
      small = [];
      const notices = packEnvelopes(ownPrefix, sent.map((s) => s.json)).map((payload) => sql`pg_notify(${PANEL_CHANNEL}, ${payload})`);
      await database.db.execute(sql`select ${sql.join(notices, sql`, `)}`);
      for (const { event } of sent) deliver(event);
    };
    for (const event of events) {
      const json = JSON.stringify(event);
      if (Buffer.byteLength(json) <= MAX_INLINE_BYTES) small.push({ event, json });
      else {
        await sendSmall();
        await publishByReference(event);
        deliver(event);
      }
    }
    await sendSmall();
    return events.map(() => undefined);
  }, { maxItems: 500, maxInFlight: 1, timeoutMs: 5_000 });
  // Too large for NOTIFY: stored in a table, and the notification carries its id.
  const publishByReference = async (event: PanelEvent) => {
    const id = randomUUID();
    const now = new Date();
    await database.db.transaction(async (tx) => {
      await tx.delete(panelEvents).where(lt(panelEvents.createdAt, new Date(now.getTime() - KEEP_LARGE_EVENTS_MS)));
      await tx.insert(panelEvents).values({ id, payload: event, createdAt: now });
      await tx.execute(sql`select pg_notify(${PANEL_CHANNEL}, ${`${ownPrefix}"ref":"${id}"}`})`);
    });
  };
  const stop = await database.listen(PANEL_CHANNEL, (payload) => {
    if (payload.startsWith(ownPrefix)) return; // delivered when it was sent
    receive(payload).catch((err: unknown) => logger.error({ err }, 'panel notification failed'));
  });

  return {
    publish: (event) => outbox.add(event),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await outbox.drain();
      listeners.clear();
      await stop();
    },
  };
}
