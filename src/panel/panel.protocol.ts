import { z } from 'zod';
import { NOT_STORABLE, storable } from '../core/storable-text.js';

// The live panel's whole socket protocol, shared by the server and the page (no Node imports here).

export const TERMINATION_REASONS = [
  'threat_of_violence',
  'abusive_language',
  'discriminatory_remarks',
  'derogatory_remarks',
  'harassment',
  'unreasonably_persistent',
  'demanding_particular_staff',
  'refusing_decision',
  'other',
] as const;
export type TerminationReason = (typeof TERMINATION_REASONS)[number];

/** How the page says each reason (the policies' own words). */
export const REASON_LABELS: Record<TerminationReason, string> = {
  threat_of_violence: 'Threat of violence',
  abusive_language: 'Abusive or offensive language, swearing',
  discriminatory_remarks: 'Discriminatory remarks',
  derogatory_remarks: 'Derogatory remarks, rudeness',
  harassment: 'Harassment or intimidation',
  unreasonably_persistent: 'Unreasonably persistent (same issue, no new information)',
  demanding_particular_staff: 'Demanding a particular member of staff',
  refusing_decision: 'Refusing to accept a decision',
  other: 'Other (give details)',
};

const ref = z.string().max(100).optional();
const callSid = z.string().regex(/^CA[0-9a-fA-F]{32}$/, 'must be a Twilio CallSid');
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).refine(storable, NOT_STORABLE);

const terminationFields = {
  callSid,
  reason: z.enum(TERMINATION_REASONS),
  details: text(4000).default(''),
  warned: z.boolean(),
  warnedAt: z.iso.datetime({ offset: true }).optional(),
  /** Why no warning was given first (R1); `details` serves when this is absent. */
  justification: text(2000).optional(),
};

/** R1/R2: details for "other"; without a warning, a reason why, unless the caller threatened violence. */
function checkTermination(value: { reason: TerminationReason; details: string; warned: boolean; justification?: string | undefined }, ctx: z.RefinementCtx) {
  if (value.reason === 'other' && !value.details) ctx.addIssue({ code: 'custom', path: ['details'], message: 'details are required when the reason is "other"' });
  if (!value.warned && value.reason !== 'threat_of_violence' && !(value.justification || value.details)) {
    ctx.addIssue({ code: 'custom', path: ['justification'], message: 'say why no warning was given first (not needed for a threat of violence)' });
  }
}

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping'), ref }).strict(),
  z.object({ type: z.literal('call.claim'), ref, callSid }).strict(),
  z.object({ type: z.literal('call.warned'), ref, callSid, note: text(1000).optional() }).strict(),
  z.object({ type: z.literal('call.end'), ref, ...terminationFields }).strict().superRefine(checkTermination),
  z.object({ type: z.literal('termination.log'), ref, ...terminationFields }).strict().superRefine(checkTermination),
  z.object({ type: z.literal('termination.acknowledge'), ref, id: z.uuid('must be a termination id'), note: text(2000).min(1, 'is required') }).strict(),
]);
export type ClientMessage = z.output<typeof clientMessageSchema>;
export type ClientMessageType = ClientMessage['type'];

export interface PanelStaff {
  id: string;
  displayName: string;
}

export interface PanelStrategy {
  id: string;
  restrictions: string[];
  reviewAt: string;
}

/** A call as agents see it. */
export interface PanelCall {
  callSid: string;
  caller: { masked: string; withheld: boolean };
  customer: { id: string; name: string; reference: string | null; language: string } | null;
  communicationNeeds: string | null;
  strategies: PanelStrategy[];
  decision: { kind: 'connect' | 'refuse'; summary: string; spocStaffId: string | null; breaches: number };
  history: { terminations: number; breaches: number; lastCallAt: string | null };
  status: string;
  startedAt: string;
  claimedBy: PanelStaff | null;
  warnings: Array<{ by: PanelStaff; at: string; note: string | null }>;
}

export interface PanelTermination {
  id: string;
  callSid: string;
  customerId: string | null;
  customerName: string | null;
  callerMasked: string | null;
  staff: PanelStaff;
  reason: TerminationReason;
  details: string;
  warned: boolean;
  warnedAt: string | null;
  justification: string | null;
  endState: 'ended' | 'already_ended' | 'end_requested_unconfirmed' | 'logged_after_call';
  serious: boolean;
  createdAt: string;
  acknowledgedBy: PanelStaff | null;
  acknowledgedAt: string | null;
  acknowledgementNote: string | null;
}

export type ServerMessage =
  | { type: 'snapshot'; calls: PanelCall[]; terminations: PanelTermination[]; you: PanelStaff & { role: string } }
  | ({ type: 'call.incoming' } & PanelCall)
  | { type: 'call.updated'; callSid: string; status: string; answeredBy?: string | null; duration?: number | null }
  | { type: 'call.claimed'; callSid: string; by: PanelStaff }
  | { type: 'call.warning'; callSid: string; by: PanelStaff; at: string; note: string | null }
  | { type: 'breach.recorded'; callSid: string; strategyId: string; customerId: string | null; restrictionType: string; detail: string; occurredAt: string }
  | { type: 'voicemail.left'; callSid: string; staffId: string; customerId: string | null }
  | ({ type: 'termination.logged' } & PanelTermination)
  | ({ type: 'termination.acknowledged' } & PanelTermination)
  | { type: 'incident.serious'; termination: PanelTermination }
  | { type: 'escalation.suggested'; id: string; customerId: string | null; callerMasked: string | null; terminations: number; withinDays: number; terminationIds: string[] }
  | { type: 'ack'; ref?: string; terminationId?: string; endState?: PanelTermination['endState']; warning?: string }
  | { type: 'error'; ref?: string; code: string; message: string };

export type ServerMessageType = ServerMessage['type'];
