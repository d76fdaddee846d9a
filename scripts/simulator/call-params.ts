import { randomBytes } from 'node:crypto';
import { TERMINAL_CALL_STATUSES, type CallStatus, type DialStatus } from './call-options.js';

/** Form parameters of a webhook request, as Twilio posts them. */
export type Params = Record<string, string>;

/** A random Twilio call SID: CA and 32 lowercase hex digits. */
export function randomCallSid(): string {
  return `CA${randomBytes(16).toString('hex')}`;
}

/** What Twilio sends on every request about this call. */
export function baseCallParams(call: { callSid: string; accountSid: string; from: string; to: string }): Params {
  return {
    CallSid: call.callSid,
    AccountSid: call.accountSid,
    From: call.from,
    To: call.to,
    Caller: call.from,
    Called: call.to,
    CallStatus: 'ringing',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  };
}

export function incomingParams(base: Params): Params {
  return { ...base, CallStatus: 'ringing' };
}

export function gatherParams(base: Params, digits: string): Params {
  return { ...base, CallStatus: 'in-progress', Digits: digits };
}

export function dialParams(base: Params, dial: { status: DialStatus; dialCallSid: string; duration: number }): Params {
  return {
    ...base,
    CallStatus: 'in-progress',
    DialCallStatus: dial.status,
    DialCallSid: dial.dialCallSid,
    DialCallDuration: String(dial.status === 'completed' ? dial.duration : 0),
  };
}

/** A status callback; CallDuration comes only with the statuses that end a call, as from Twilio. */
export function statusParams(
  base: Params,
  status: { status: CallStatus; duration: number; sequenceNumber: number; timestamp: Date },
): Params {
  return {
    ...base,
    CallStatus: status.status,
    ...(TERMINAL_CALL_STATUSES.has(status.status) ? { CallDuration: String(status.duration) } : {}),
    SequenceNumber: String(status.sequenceNumber),
    Timestamp: status.timestamp.toUTCString(),
  };
}
