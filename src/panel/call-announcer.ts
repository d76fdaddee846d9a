import type { Database } from '../../db/database.js';
import type { CallerContext } from '../calls/caller-context.js';
import type { LiveCall } from '../calls/call-runtime.js';
import type { E164 } from '../core/phone-number.js';
import { customersByNumbers } from '../customers/customer.repository.js';
import type { EventBus, PanelEvent } from '../events/event-bus.js';
import { GroupCommit } from '../shared/group-commit.js';
import type { Logger } from '../shared/logger.js';
import { withTimeout } from '../shared/with-timeout.js';
import { callHistoriesOf, type CallHistory } from './call-history.repository.js';
import { EVERYONE, panelCallOf, SUPERVISORS } from './call-events.js';

interface Announcement {
  live: LiveCall;
  context: CallerContext;
}

// Calls decided while the last batch was being looked up share their lookups and their notification.
const BATCH = { maxItems: 100, maxInFlight: 1 };
const LOOKUP_BUDGET_MS = 500;

/**
 * Tells the panel about each call the moment it is decided: everyone sees the call, with who is calling and
 * their history; supervisors see its breaches. A burst of calls costs two queries and one notification.
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
    const none: CallHistory = { terminations: 0, breaches: 0, lastCallAt: null };
    try {
      const unknown = items.flatMap(({ live, context }) => (!context.customer && live.callerE164 ? [live.callerE164] : []));
      const owners = unknown.length ? await withTimeout(customersByNumbers(this.db, unknown), LOOKUP_BUDGET_MS, 'customers') : new Map<E164, never>();
      items.forEach(({ live, context }, i) => {
        const owner = !context.customer && live.callerE164 ? owners.get(live.callerE164) : undefined;
        if (owner) contexts[i] = { ...context, customer: owner };
      });
      const subjects = items.map(({ live }, i) => ({ customerId: live.customerId ?? contexts[i]!.customer?.id ?? null, callerE164: live.callerE164, excludeCallSid: live.callSid }));
      return { contexts, histories: await withTimeout(callHistoriesOf(this.db, subjects), LOOKUP_BUDGET_MS, 'call history') };
    } catch (err) {
      this.logger.warn({ err, calls: items.length }, 'call history unavailable for the panel');
      return { contexts, histories: items.map(() => none) };
    }
  }
}
