import type { ConnectDecision, RefuseDecision, Route } from '../core/call-decision/call-decision.js';
import { recordAuditEvent } from '../audit/audit.repository.js';
import { updateCall } from './call.repository.js';
import { isTerminalStatus, statusProgress } from './call-record.js';
import { findLiveCall, type CallRuntime, type LiveCall } from './call-runtime.js';
import { upsertVoicemail } from './voicemail.repository.js';
import type { IdempotentWrite } from './deferred-writes.js';
import type { PanelEvent } from '../events/event-bus.js';
import { EVERYONE, supervisorsAnd } from '../panel/call-events.js';

const STEP_WRITE_BUDGET_MS = 800;

/** The panel hears of the step when the database can pass it on; the caller's TwiML never waits for or fails on it. */
function tellPanel(runtime: CallRuntime, event: PanelEvent): void {
  runtime.bus.publish(event).catch((err: unknown) => runtime.deps.logger.warn({ err, type: event.message.type }, 'could not tell the panel about a call step'));
}

function write(runtime: CallRuntime, callSid: string, label: string, run: IdempotentWrite['run']) {
  return runtime.writes.submit({ key: callSid, label: `${label} ${callSid}`, run }, STEP_WRITE_BUDGET_MS);
}

export type LiveConnect = LiveCall & { decision: ConnectDecision };
export type LiveRefuse = LiveCall & { decision: RefuseDecision };

export async function findConnectedCall(runtime: CallRuntime, callSid: string): Promise<LiveConnect | null> {
  const live = await findLiveCall(runtime, callSid);
  return live && live.decision.kind === 'connect' ? { ...live, decision: live.decision } : null;
}

export async function findRefusedCall(runtime: CallRuntime, callSid: string): Promise<LiveRefuse | null> {
  const live = await findLiveCall(runtime, callSid);
  return live && live.decision.kind === 'refuse' ? { ...live, decision: live.decision } : null;
}

function describeRoute(decision: ConnectDecision, index: number): string | null {
  const route: Route | undefined = decision.routes[index];
  if (!route) return null;
  // For a single point of contact, name the member of staff rather than their number.
  if (decision.spoc && index === 0) return `staff:${decision.spoc.staffId}`;
  if (decision.spoc?.deputyStaffId && index === 1) return `staff:${decision.spoc.deputyStaffId}`;
  return route.kind === 'number' ? route.number : route.kind === 'client' ? `client:${route.identity}` : `queue:${route.name}`;
}

/** The <Dial> to route `step - 1` ended: note who answered, or move on to the next route. */
export async function recordDialResult(runtime: CallRuntime, call: LiveConnect, step: number, answered: boolean): Promise<void> {
  const now = runtime.deps.clock.now();
  const exhausted = !answered && step >= call.decision.routes.length;
  const patch = answered
    ? { outcome: 'answered', answeredBy: describeRoute(call.decision, step - 1), updatedAt: now }
    : exhausted
      ? { outcome: call.decision.voicemailFor ? 'voicemail-offered' : 'unanswered', updatedAt: now }
      : null;
  if (patch) await write(runtime, call.callSid, 'dial result', (db) => updateCall(db, call.callSid, patch));
  if (answered) {
    tellPanel(runtime, { message: { type: 'call.updated', callSid: call.callSid, status: 'in-progress', answeredBy: describeRoute(call.decision, step - 1) }, audience: EVERYONE });
  }
}

/** A barred caller pressed the emergency key: the bypass is recorded against the call and audited (R7). */
export async function recordEmergencyBypass(runtime: CallRuntime, call: LiveRefuse): Promise<void> {
  const now = runtime.deps.clock.now();
  await write(runtime, call.callSid, 'emergency bypass', (db) =>
    db.transaction(async (tx) => {
      await updateCall(tx, call.callSid, { outcome: 'emergency-bypass', emergencyBypassAt: now, updatedAt: now });
      await recordAuditEvent(tx, {
        actor: null,
        action: 'call.emergency_bypass',
        entityType: 'call',
        entityId: call.callSid,
        before: { outcome: `refused:${call.decision.reason}` },
        after: { outcome: 'emergency-bypass', customerId: call.customerId, strategyIds: call.decision.appliedStrategyIds },
        at: now,
      });
    }),
  );
}

export async function recordVoicemail(
  runtime: CallRuntime,
  call: LiveConnect,
  recording: { sid: string | null; url: string | null; durationSeconds: number | null },
): Promise<void> {
  const staffId = call.decision.voicemailFor?.staffId;
  if (!staffId) return;
  const now = runtime.deps.clock.now();
  await write(runtime, call.callSid, 'voicemail', (db) =>
    db.transaction(async (tx) => {
      await upsertVoicemail(tx, {
        callSid: call.callSid,
        customerId: call.customerId,
        staffId,
        recordingSid: recording.sid,
        recordingUrl: recording.url,
        durationSeconds: recording.durationSeconds,
        at: now,
      });
      await updateCall(tx, call.callSid, { outcome: 'voicemail', updatedAt: now });
    }),
  );
  // The SPOC (and supervisors) hear that a message is waiting.
  tellPanel(runtime, { message: { type: 'voicemail.left', callSid: call.callSid, staffId, customerId: call.customerId }, audience: supervisorsAnd(staffId) });
}

/** A call recording is ready: store where it is (never the audio itself). */
export async function recordCallRecording(runtime: CallRuntime, callSid: string, recording: { sid: string; url: string }): Promise<void> {
  const now = runtime.deps.clock.now();
  await write(runtime, callSid, 'recording', (db) => updateCall(db, callSid, { recordingSid: recording.sid, recordingUrl: recording.url, updatedAt: now }));
}

export interface StatusInput {
  callSid: string;
  accountSid: string;
  status: string;
  sequenceNumber: number | undefined;
  durationSeconds: number | undefined;
}

/** Status callbacks in any order, any number of times: only a step forward changes the record. */
export async function recordCallStatus(runtime: CallRuntime, input: StatusInput): Promise<void> {
  const now = runtime.deps.clock.now();
  const terminal = isTerminalStatus(input.status);
  await write(runtime, input.callSid, `status ${input.status}`, () =>
    runtime.statuses.add({
      callSid: input.callSid,
      accountSid: input.accountSid,
      status: input.status,
      progress: statusProgress(input.status, input.sequenceNumber),
      durationSeconds: input.durationSeconds ?? null,
      endedAt: terminal ? now : null,
      at: now,
    }),
  );
  if (terminal) runtime.liveCalls.delete(input.callSid);
  tellPanel(runtime, {
    message: { type: 'call.updated', callSid: input.callSid, status: input.status, duration: input.durationSeconds ?? null },
    audience: EVERYONE,
  });
}
