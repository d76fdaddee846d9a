import { decideCall, type CallerIdentity } from '../core/call-decision/call-decision.js';
import { maskPhoneNumber, normalisePhoneNumber } from '../core/phone-number.js';
import { withTimeout } from '../shared/with-timeout.js';
import { recentCallsOf } from './call.repository.js';
import { isInForce } from '../core/contact-strategy.js';
import { statusProgress } from './call-record.js';
import { UNKNOWN_CALLER, type CallerContext } from './caller-context.js';
import type { CallRuntime, LiveCall } from './call-runtime.js';

// Twilio waits 15 s for TwiML, callers much less: read within 1.2 s and write within 0.6 s, or fall back.
const LOOKUP_BUDGET_MS = 1_200;
const WRITE_BUDGET_MS = 600;
// Long enough to cover the longest frequency period (a calendar month).
const RECENT_CALL_DAYS = 32;

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
  // pino's child() serialises its bindings at once; when not even errors are logged (silent, fatal), it would go unused.
  const log = deps.logger.isLevelEnabled('error') ? deps.logger.child({ callSid: call.callSid, caller: number ? maskPhoneNumber(number) : 'withheld' }) : deps.logger;

  const lapse = deps.config.lapseAfterDays;
  const known = number ? deps.strategies.index.lookup(number, now, lapse) : null;
  let context: CallerContext = known ? { ...known, recentCalls: [] } : UNKNOWN_CALLER;
  let databaseAnswered = true;
  // Only a frequency limit needs the database on the call path: how many calls this period so far.
  if (known && known.strategies.some((s) => isInForce(s, now, lapse) && s.restrictions.some((r) => r.type === 'frequency'))) {
    try {
      const since = new Date(now.getTime() - RECENT_CALL_DAYS * 86_400_000);
      context = { ...context, recentCalls: await withTimeout(recentCallsOf(deps.db, known.customer.id, since, call.callSid), LOOKUP_BUDGET_MS, 'recent calls') };
    } catch (err) {
      databaseAnswered = false;
      log.error({ err }, 'recent calls unreadable; deciding without the frequency limit');
    }
  }

  const decision = decideCall({ caller, ...context, now, settings: runtime.settings });
  const live: LiveCall = { callSid: call.callSid, callerE164: number, customerId: context.customer?.id ?? null, decision, startedAt: now };
  runtime.liveCalls.set(call.callSid, live);
  log.info({ decision: decision.kind, breaches: decision.breaches.length, strategies: decision.appliedStrategyIds.length }, 'call decided');
  runtime.metrics.decisions.inc({ kind: decision.kind, reason: decision.kind === 'refuse' ? decision.reason : 'none' });
  for (const breach of decision.breaches) runtime.metrics.breaches.inc({ restriction: breach.restrictionType });

  let finishedAlready = false;
  const write = {
    key: call.callSid,
    label: `call ${call.callSid}`,
    run: async () => {
      finishedAlready = !(await runtime.records.add({
        row: {
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
        breaches: decision.breaches,
      }));
    },
  };
  if (databaseAnswered) await runtime.writes.submit(write, WRITE_BUDGET_MS);
  else runtime.writes.enqueue(write);
  if (finishedAlready) {
    log.warn('webhook replayed for a call that has ended; nothing changed');
    runtime.liveCalls.delete(call.callSid);
    return live;
  }
  // The panel hears of the call now; the caller's TwiML does not wait for it.
  void runtime.announcer.announce(live, context).catch((err: unknown) => log.error({ err }, 'could not announce the call to the panel'));
  return live;
}
