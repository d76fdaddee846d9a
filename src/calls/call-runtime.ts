import type { AppDeps } from '../app-deps.js';
import type { Breach, CallDecision, DecisionSettings } from '../core/call-decision/call-decision.js';
import type { E164 } from '../core/phone-number.js';
import { withTimeout } from '../shared/with-timeout.js';
import { BoundedMap } from './bounded-map.js';
import { applyStatuses, findCall, upsertIncomingCalls, type IncomingCallRow, type StatusUpdate } from './call.repository.js';
import { GroupCommit } from '../shared/group-commit.js';
import { createMetrics, type Metrics } from '../metrics/metrics.js';
import { DeferredWrites } from './deferred-writes.js';
import type { EventBus } from '../events/event-bus.js';
import { CallAnnouncer } from '../panel/call-announcer.js';

/** A call this instance decided, kept in memory so follow-up webhooks need no database read. */
export interface LiveCall {
  callSid: string;
  callerE164: E164 | null;
  customerId: string | null;
  decision: CallDecision;
  startedAt: Date;
}

/** Per-instance state of the call side: created with the app, stopped with it. */
export interface CallRuntime {
  deps: AppDeps;
  settings: DecisionSettings;
  liveCalls: BoundedMap<string, LiveCall>;
  writes: DeferredWrites;
  /** Where call events go for the panel (never straight to sockets). */
  bus: EventBus;
  /** Publishes each decided call, with who is calling and their history, to the panel. */
  announcer: CallAnnouncer;
  /** Group commit of call records and of status callbacks. */
  /** Resolves true when the record was written, false when the call had already ended (a replay). */
  records: GroupCommit<{ row: IncomingCallRow; breaches: readonly Breach[] }, boolean>;
  statuses: GroupCommit<StatusUpdate>;
  metrics: Metrics;
}

// Two batches in flight: while one commits, the next forms from the webhooks arriving meanwhile.
const GROUP_COMMIT = { maxItems: 500, maxInFlight: 2, timeoutMs: 2_000 };

export function createCallRuntime(deps: AppDeps, bus: EventBus, sockets: () => number): CallRuntime {
  const { config } = deps;
  const writes = new DeferredWrites(deps.db, deps.logger);
  const metrics = createMetrics({ indexSize: () => deps.strategies.index.numbers, sockets, pendingWrites: () => writes.pending });
  const onBatch = (kind: 'calls' | 'statuses', size: number) => metrics.batchSize.observe({ kind }, size);
  return {
    deps,
    settings: {
      defaultRoute: config.defaultRoute,
      emergencyRoute: config.emergencyRoute,
      organisationName: config.organisationName,
      alternativeContact: config.alternativeContact,
      alternativeContactWelsh: config.alternativeContactWelsh,
      timeZone: config.timeZone,
      blockWithheld: config.blockWithheld,
      lapseAfterDays: config.lapseAfterDays,
    },
    liveCalls: new BoundedMap(10_000),
    writes,
    bus,
    announcer: new CallAnnouncer(bus, deps.db, deps.logger),
    metrics,
    records: new GroupCommit((items) => upsertIncomingCalls(deps.db, items), { ...GROUP_COMMIT, onBatch: (n) => onBatch('calls', n) }),
    statuses: new GroupCommit((items) => applyStatuses(deps.db, items), { ...GROUP_COMMIT, onBatch: (n) => onBatch('statuses', n) }),
  };
}

/** The decision for a call: from memory, else from its stored record (another instance, or a restart). */
export async function findLiveCall(runtime: CallRuntime, callSid: string): Promise<LiveCall | null> {
  const live = runtime.liveCalls.get(callSid);
  if (live) return live;
  try {
    const record = await withTimeout(findCall(runtime.deps.db, callSid), 1_000, 'call lookup');
    if (!record?.decision) return null;
    const found: LiveCall = { ...record, decision: record.decision };
    runtime.liveCalls.set(callSid, found);
    return found;
  } catch (err) {
    runtime.deps.logger.warn({ err, callSid }, 'could not read the call record');
    return null;
  }
}
