import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  occurredAt: Date;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  prevHash: string;
}

/** JSON with object keys sorted at every level: jsonb reorders keys, so the hash must not depend on order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function hashEvent(event: ChainedFields): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        occurredAt: event.occurredAt.toISOString(),
        actorId: event.actorId,
        actorUsername: event.actorUsername,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId,
        before: event.before,
        after: event.after,
        prevHash: event.prevHash,
      }),
    )
    .digest('hex');
}

export interface ChainProblem {
  eventId: number;
  problem: string;
}

/** An event as the trail stores it: the hashed fields, its place in the trail and its own hash. */
export interface ChainedEvent extends ChainedFields {
  id: number;
  hash: string;
}

export type ChainHead = { lastEventId: number; lastHash: string; events: number };

/** Checks events one at a time in id order (the trail can be large); names the first that does not hold. */
export class ChainVerifier {
  private previous = GENESIS_HASH;
  private previousId: number | null = null;
  private count = 0;
  private problem: ChainProblem | null = null;

  add(event: ChainedEvent): void {
    if (this.problem) return;
    this.count += 1;
    if (event.prevHash !== this.previous) {
      const after = this.previousId === null ? 'the start of the trail' : `event ${this.previousId}`;
      this.problem = { eventId: event.id, problem: `event ${event.id} does not follow ${after}: an event between them was removed or altered` };
    } else if (hashEvent(event) !== event.hash) {
      this.problem = { eventId: event.id, problem: `event ${event.id} (${event.action} on ${event.entityType} ${event.entityId}) was altered after it was written` };
    }
    this.previous = event.hash;
    this.previousId = event.id;
  }

  finish(head: ChainHead | null): { ok: true; events: number } | { ok: false; first: ChainProblem } {
    if (this.problem) return { ok: false, first: this.problem };
    if (head && (head.lastHash !== this.previous || head.events !== this.count)) {
      return {
        ok: false,
        first: { eventId: head.lastEventId, problem: `the trail should end at event ${head.lastEventId} after ${head.events} events, but ends at ${this.previousId ?? 'nothing'} after ${this.count}: events were removed` },
      };
    }
    return { ok: true, events: this.count };
  }
}
