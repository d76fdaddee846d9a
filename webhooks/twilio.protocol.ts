import { z } from 'zod';

// Every Twilio voice webhook callguard receives, as Twilio posts it (form-encoded, strings only).
// Parsed after the signature check; a signed but malformed request still gets TwiML, never a 500.

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a Twilio ${prefix} SID`);
const optionalInt = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number)
  .optional()
  .catch(undefined);

export const CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export const TERMINAL_CALL_STATUSES: readonly CallStatus[] = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

/** Fields every voice request carries. */
const callFields = {
  CallSid: sid('CA'),
  AccountSid: sid('AC'),
  // Opaque: withheld callers arrive as "anonymous", "restricted", "" or keypad spellings.
  From: z.string().max(64).default(''),
  To: z.string().max(64).default(''),
};

export const incomingCallSchema = z.object({
  ...callFields,
  CallStatus: z.enum(CALL_STATUSES).catch('ringing'),
  Direction: z.string().optional(),
  StirVerstat: z.string().max(64).optional(),
});
export type IncomingCall = z.output<typeof incomingCallSchema>;

export const statusCallbackSchema = z.object({
  ...callFields,
  CallStatus: z.enum(CALL_STATUSES),
  CallDuration: optionalInt,
  SequenceNumber: optionalInt,
  Timestamp: z.string().max(64).optional(),
  AnsweredBy: z.string().max(64).optional(),
});
export type StatusCallback = z.output<typeof statusCallbackSchema>;

export const DIAL_CALL_STATUSES = ['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'] as const;

/** The <Dial action> request: how the leg to a staff member or route ended. */
export const dialResultSchema = z.object({
  ...callFields,
  DialCallStatus: z.enum(DIAL_CALL_STATUSES).catch('failed'),
  DialCallSid: z.string().max(64).optional(),
  DialCallDuration: optionalInt,
});
export type DialResult = z.output<typeof dialResultSchema>;

/** The <Gather action> request: the key a barred caller pressed, if any. */
export const gatherResultSchema = z.object({
  ...callFields,
  Digits: z.string().max(32).default(''),
});
export type GatherResult = z.output<typeof gatherResultSchema>;

/** The <Record action> request after a voicemail; the file may not be ready yet. */
export const recordResultSchema = z.object({
  ...callFields,
  RecordingSid: z.string().max(64).optional(),
  RecordingUrl: z.url().max(500).optional(),
  RecordingDuration: optionalInt,
});
export type RecordResult = z.output<typeof recordResultSchema>;

/** recordingStatusCallback: a call recording or voicemail is ready (or failed). */
export const recordingStatusSchema = z.object({
  CallSid: sid('CA'),
  AccountSid: sid('AC'),
  RecordingSid: z.string().regex(/^RE[0-9a-fA-F]{32}$/, 'must be a Twilio RE SID'),
  RecordingUrl: z.url().max(500),
  RecordingStatus: z.enum(['in-progress', 'completed', 'absent', 'failed']),
  RecordingDuration: optionalInt,
  RecordingChannels: z.string().max(4).optional(),
});
export type RecordingStatus = z.output<typeof recordingStatusSchema>;

/** Action URLs callguard puts in its TwiML; query parameters carry the step so handlers stay stateless. */
export const WEBHOOK_PATHS = {
  incoming: '/webhooks/voice/incoming',
  status: '/webhooks/voice/status',
  dialResult: '/webhooks/voice/dial-result',
  emergency: '/webhooks/voice/emergency',
  emergencyResult: '/webhooks/voice/emergency-result',
  voicemail: '/webhooks/voice/voicemail',
  recordingStatus: '/webhooks/voice/recording-status',
} as const;

export const dialStepQuerySchema = z.object({ step: z.coerce.number().int().min(0).max(20).catch(0) });
export const recordingKindQuerySchema = z.object({ kind: z.enum(['call', 'voicemail']).catch('call') });
