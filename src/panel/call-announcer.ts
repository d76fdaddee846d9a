import type { Database } from '../../db/database.js';
import type { CallerContext } from '../calls/caller-context.js';
import type { LiveCall } from '../calls/call-runtime.js';
import type { EventBus, PanelEvent } from '../events/event-bus.js';
import { GroupCommit } from '../shared/group-commit.js';
import type { Logger } from '../shared/logger.js';
import { withTimeout } from '../shared/with-timeout.js';
import { callersOnRecord, NO_HISTORY, type CallHistory } from './call-history.repository.js';
import { EVERYONE, panelCallOf, SUPERVISORS } from './call-events.js';

interface Announcement {
  live: LiveCall;
  context: CallerContext;
}

// Calls decided while the last batch was being looked up share their lookups and their notification.
const BATCH = { maxItems: 100, maxInFlight: 1, timeoutMs: 5_000 };
const LOOKUP_BUDGET_MS = 500;

/**
 * Tells the panel about each call the moment it is decided: everyone sees the call, with who is calling and
 * their history; supervisors see its breaches. A burst of calls costs one query and one notification.
 */
export class CallAnnouncer {
  private readonly batches: GroupCommit<Announcement>;

  constructor(
    private readonly bus: EventBus,
    private readonly db: Database,
    private readonly logger: Logger,
  ) {
    this.batches = new GroupCommit((items) => this.announceAll(items), BATCH);
  }

  announce(live: LiveCall, context: CallerContext): Promise<void> {
    return this.batches.add({ live, context });
  }

  /** Resolves once every call announced so far has been published (shutdown, tests). */
  drain(): Promise<void> {
    return this.batches.drain();
  }

  private async announceAll(items: Announcement[]): Promise<void[]> {
    const { contexts, histories } = await this.lookUp(items);
    const events: PanelEvent[] = [];
    items.forEach(({ live }, i) => {
      events.push({ message: { type: 'call.incoming', ...panelCallOf(live, contexts[i]!, histories[i]!) }, audience: EVERYONE });
      for (const breach of live.decision.breaches) {
        events.push({
          message: {
            type: 'breach.recorded',
            callSid: live.callSid,
            strategyId: breach.strategyId,
            customerId: live.customerId,
            restrictionType: breach.restrictionType,
            detail: breach.detail,
            occurredAt: live.startedAt.toISOString(),
          },
          audience: SUPERVISORS,
        });
      }
    });
    await Promise.all(events.map((event) => this.bus.publish(event)));
    return items.map(() => undefined);
  }

  /** Who is calling (R13: a known customer with no strategy is not in the strategy index) and their history. */
  private async lookUp(items: Announcement[]): Promise<{ contexts: CallerContext[]; histories: CallHistory[] }> {
    const contexts = items.map((item) => item.context);
    try {
      const subjects = items.map(({ live, context }) => ({ customerId: live.customerId ?? context.customer?.id ?? null, callerE164: live.callerE164, excludeCallSid: live.callSid }));
      const records = await withTimeout(callersOnRecord(this.db, subjects), LOOKUP_BUDGET_MS, 'callers on record');
      records.forEach(({ owner }, i) => {
        if (owner && !contexts[i]!.customer) contexts[i] = { ...contexts[i]!, customer: owner };
      });
      return { contexts, histories: records.map((r) => r.history) };
    } catch (err) {
      this.logger.warn({ err, calls: items.length }, 'call history unavailable for the panel');
      return { contexts, histories: items.map(() => NO_HISTORY) };
    }
  }
}
