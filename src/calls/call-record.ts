import type { CallDecision } from '../core/call-decision/call-decision.js';
import type { E164 } from '../core/phone-number.js';

/** What callguard knows about one call, keyed by Twilio's CallSid. */
export interface CallRecord {
  callSid: string;
  accountSid: string;
  callerE164: E164 | null;
  callerWithheld: boolean;
  toNumber: string;
  customerId: string | null;
  strategyIds: string[];
  decisionKind: string;
  decision: CallDecision | null;
  outcome: string;
  status: string;
  durationSeconds: number | null;
  answeredBy: string | null;
  recordingUrl: string | null;
  recordingSid: string | null;
  emergencyBypassAt: Date | null;
  startedAt: Date;
  endedAt: Date | null;
}

/** How far a call has got: a status callback applies only if it moves this forward. */
const STATUS_RANK: Record<string, number> = {
  queued: 1,
  initiated: 2,
  ringing: 3,
  'in-progress': 4,
  completed: 5,
  busy: 5,
  failed: 5,
  'no-answer': 5,
  canceled: 5,
};

/** Progress of any terminal status: a call at or past it has ended. */
export const FINISHED_PROGRESS = 5 * 10_000;

export function statusProgress(status: string, sequenceNumber: number | undefined): number {
  return (STATUS_RANK[status] ?? 0) * 10_000 + Math.min(sequenceNumber ?? 0, 9_999);
}

export function isTerminalStatus(status: string): boolean {
  return STATUS_RANK[status] === 5;
}
