import { decideCall, type CallerIdentity } from '../core/call-decision/call-decision.js';
import { maskPhoneNumber, normalisePhoneNumber } from '../core/phone-number.js';
import { withTimeout } from '../shared/with-timeout.js';
import { upsertIncomingCall } from './call.repository.js';
import { statusProgress } from './call-record.js';
import { UNKNOWN_CALLER, type CallerContext } from './caller-context.js';
import { findCallerContext } from './caller-lookup.repository.js';
import type { CallRuntime, LiveCall } from './call-runtime.js';
import { announceIncomingCall } from '../panel/call-events.js';

// Twilio waits 15 s for TwiML, callers much less: read within 1.2 s and write within 0.6 s, or fall back.
const LOOKUP_BUDGET_MS = 1_200;
const WRITE_BUDGET_MS = 600;

export interface IncomingCallInput {
  callSid: string;
  accountSid: string;
  from: string;
  to: string;
  status: string;
}

/** Decides an incoming call from the strategies in force and records it (now, or when the database is back). */
export async function decideIncomingCall(runtime: CallRuntime, call: IncomingCallInput): Promise<LiveCall> {
  const { deps } = runtime;
  const now = deps.clock.now();
  const number = normalisePhoneNumber(call.from, deps.config.defaultRegion);
  const caller: CallerIdentity = number ? { kind: 'number', number } : { kind: 'withheld', raw: call.from };
  const log = deps.logger.child({ callSid: call.callSid, caller: number ? maskPhoneNumber(number) : 'withheld' });

  let context: CallerContext = UNKNOWN_CALLER;
  let databaseAnswered = true;
  if (number) {
    try {
      context = await withTimeout(findCallerContext(deps.db, number, now, call.callSid, deps.config.lapseAfterDays), LOOKUP_BUDGET_MS, 'caller lookup');
      runtime.lastKnown.set(number, context);
    } catch (err) {
      databaseAnswered = false;
      const remembered = runtime.lastKnown.get(number);
      if (remembered) context = remembered;
      log.error({ err, decidedFrom: remembered ? 'last known strategies' : 'default route' }, 'caller lookup failed');
    }
  }

  const decision = decideCall({ caller, ...context, now, settings: runtime.settings });
  const live: LiveCall = { callSid: call.callSid, callerE164: number, customerId: context.customer?.id ?? null, decision, startedAt: now };
  runtime.liveCalls.set(call.callSid, live);
  log.info({ decision: decision.kind, breaches: decision.breaches.length, strategies: decision.appliedStrategyIds.length }, 'call decided');

  const write = {
    label: `call ${call.callSid}`,
    run: (db: typeof deps.db) =>
      db.transaction((tx) =>
        upsertIncomingCall(
          tx,
          {
            callSid: call.callSid,
            accountSid: call.accountSid,
            callerE164: number,
            callerWithheld: caller.kind === 'withheld',
            toNumber: call.to,
            customerId: live.customerId,
            decision,
            outcome: decision.kind === 'connect' ? 'connecting' : `refused:${decision.reason}`,
            status: call.status,
            statusProgress: statusProgress(call.status, 0),
            startedAt: now,
          },
          decision.breaches,
        ),
      ),
  };
  if (databaseAnswered) await runtime.writes.submit(write, WRITE_BUDGET_MS);
  else runtime.writes.enqueue(write);
  // The panel hears of the call now; the caller's TwiML does not wait for it.
  void announceIncomingCall(runtime.bus, deps.db, deps.logger, live, context).catch((err: unknown) => log.error({ err }, 'could not announce the call to the panel'));
  return live;
}
