import type { Restriction } from './restriction.js';

export const STORED_STRATEGY_STATUSES = ['proposed', 'authorised', 'rejected', 'lifted', 'expired', 'lapsed'] as const;
export type StrategyStatus = (typeof STORED_STRATEGY_STATUSES)[number];

export interface PriorWarning {
  date: string;
  summary: string;
}

export interface StrategyNotification {
  sentAt: Date;
  channel: 'letter' | 'email' | 'both';
  reference: string;
  recordedBy: string;
}

/** One authorised (or proposed) set of restrictions on one customer: the policies' "contact strategy". */
export interface ContactStrategy {
  id: string;
  customerId: string;
  status: StrategyStatus;
  reason: string;
  priorWarnings: PriorWarning[];
  restrictions: Restriction[];
  allContact: boolean;
  urgent: boolean;
  startsAt: Date;
  endsAt: Date | null;
  reviewAt: Date;
  proposedBy: string;
  proposedAt: Date;
  authorisedBy: string | null;
  authorisedAt: Date | null;
  authorisationRationale: string | null;
  rejectedBy: string | null;
  rejectedAt: Date | null;
  rejectionReason: string | null;
  notification: StrategyNotification | null;
  liftedBy: string | null;
  liftedAt: Date | null;
  liftReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The status a reader sees: an authorised strategy whose end has passed is `expired`
 * even before anything has rewritten the stored row, so expiry never depends on a job running.
 */
export function effectiveStatus(strategy: Pick<ContactStrategy, 'status' | 'endsAt'>, now: Date): StrategyStatus {
  if (strategy.status === 'authorised' && strategy.endsAt !== null && strategy.endsAt <= now) return 'expired';
  return strategy.status;
}

/** In force: authorised, notified in writing (or urgent), started, not ended, not lifted (R6, R9). */
export function isInForce(
  strategy: Pick<ContactStrategy, 'status' | 'endsAt' | 'startsAt' | 'urgent' | 'notification'>,
  now: Date,
): boolean {
  if (effectiveStatus(strategy, now) !== 'authorised') return false;
  if (!strategy.urgent && strategy.notification === null) return false;
  return strategy.startsAt <= now;
}
