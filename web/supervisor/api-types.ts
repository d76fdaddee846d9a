import type { Restriction } from '../../src/core/restriction.js';

// The API's answers as the page reads them (JSON: dates are ISO strings). Kept to what the pages use.

export type StrategyStatus = 'proposed' | 'authorised' | 'rejected' | 'lifted' | 'expired' | 'lapsed';

export interface PriorWarning {
  date: string;
  summary: string;
}

export interface Strategy {
  id: string;
  customerId: string;
  status: StrategyStatus;
  reason: string;
  priorWarnings: PriorWarning[];
  restrictions: Restriction[];
  allContact: boolean;
  urgent: boolean;
  startsAt: string;
  endsAt: string | null;
  reviewAt: string;
  proposedBy: string;
  proposedAt: string;
  authorisedBy: string | null;
  authorisedAt: string | null;
  authorisationRationale: string | null;
  rejectedBy: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
  notification: { sentAt: string; channel: 'letter' | 'email' | 'both'; reference: string; recordedBy: string } | null;
  liftedBy: string | null;
  liftedAt: string | null;
  liftReason: string | null;
  inForce: boolean;
  notificationOverdue: boolean;
  reviewOverdue: boolean;
  /** On the dashboard only. */
  customerName?: string | null;
}

export interface Customer {
  id: string;
  name: string;
  reference: string | null;
  phoneNumbers: string[];
  communicationNeeds: string | null;
  language: 'en-GB' | 'cy-GB';
  createdAt: string;
  updatedAt: string;
}

export interface Breach {
  id: string;
  callSid: string;
  strategyId: string;
  customerId: string | null;
  customerName?: string | null;
  callerE164: string | null;
  restrictionType: string;
  detail: string;
  occurredAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  acknowledgementNote: string | null;
}

export interface Termination {
  id: string;
  callSid: string;
  customerId: string | null;
  customerName: string | null;
  callerMasked: string | null;
  staff: { id: string; displayName: string };
  reason: string;
  details: string;
  warned: boolean;
  justification: string | null;
  serious: boolean;
  createdAt: string;
  acknowledgedBy: { id: string; displayName: string } | null;
  acknowledgedAt: string | null;
  acknowledgementNote: string | null;
}

export interface Incident extends Termination {
  incidentAction: string | null;
  incidentResolvedAt: string | null;
}

export interface Escalation {
  id: string;
  customerId: string | null;
  callerE164: string | null;
  status: 'open' | 'accepted' | 'dismissed';
  createdAt: string;
  evidence: Array<{ id: string; callSid: string; reason: string; details: string; warned: boolean; createdAt: string; staffName: string }>;
}

/** What accepting a suggestion returns: a proposal to open in the strategy form. */
export interface EscalationProposal {
  customerId: string | null;
  reason: string;
  priorWarnings: PriorWarning[];
  restrictions: Restriction[];
}

export interface Dashboard {
  generatedAt: string;
  proposals: Strategy[];
  notificationsOverdue: Strategy[];
  awaitingNotification: Strategy[];
  reviewsOverdue: Strategy[];
  reviewsDueSoon: Strategy[];
  breaches: Breach[];
  escalations: Escalation[];
  incidents: Incident[];
  terminations: Termination[];
}

export interface CallRecord {
  callSid: string;
  callerE164: string | null;
  callerWithheld: boolean;
  decisionKind: string;
  outcome: string;
  status: string;
  durationSeconds: number | null;
  emergencyBypassAt: string | null;
  startedAt: string;
}

export interface Review {
  id: string;
  outcome: 'continue' | 'ease' | 'tighten' | 'lift';
  notes: string;
  dueAt: string;
  reviewedAt: string;
  reviewedBy: string;
  nextReviewAt: string | null;
  restrictionsBefore: Restriction[];
  restrictionsAfter: Restriction[];
}

export interface Appeal {
  id: string;
  receivedAt: string;
  summary: string;
  recordedBy: string;
  outcome: 'uphold' | 'ease' | 'lift' | null;
  reasons: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface AuditEvent {
  id: number;
  occurredAt: string;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string;
}

export interface DirectoryEntry {
  id: string;
  displayName: string;
  role: string;
  reachable: boolean;
}

export interface ReportRow {
  label: string;
  from: string;
  to: string;
  strategiesIntroduced: number;
  inForceAtEnd: number;
  lifted: number;
  expired: number;
  lapsed: number;
  breaches: { total: number; byRestrictionType: Record<string, number> };
  terminatedCalls: { total: number; byReason: Record<string, number> };
  emergencyBypasses: number;
  reviewsOnTime: number;
  reviewsLate: number;
}

export interface SummaryReport {
  from: string;
  to: string;
  groupBy: 'month' | 'quarter';
  timeZone: string;
  periods: ReportRow[];
  total: ReportRow;
}
