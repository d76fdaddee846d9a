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

/** A review missed by more than this many days ends the strategy by itself (configurable: LAPSE_AFTER_DAYS). */
export const DEFAULT_LAPSE_AFTER_DAYS = 14;
const DAY_MS = 86_400_000;

/** What enforcing a strategy needs of it: the in-memory index keeps only this (`notification` only for being set). */
export type EnforceableStrategy = Pick<ContactStrategy, 'id' | 'customerId' | 'status' | 'startsAt' | 'endsAt' | 'reviewAt' | 'urgent' | 'restrictions'> & {
  notification: unknown;
};

/**
 * The status a reader sees: an authorised strategy whose end has passed is `expired`, and one whose
 * review was missed by more than the lapse period is `lapsed`, even before a job has rewritten the
 * stored row: a barred caller's rights never depend on a job running or someone remembering a date.
 */
export function effectiveStatus(
  strategy: Pick<ContactStrategy, 'status' | 'endsAt' | 'reviewAt'>,
  now: Date,
  lapseAfterDays = DEFAULT_LAPSE_AFTER_DAYS,
): StrategyStatus {
  if (strategy.status !== 'authorised') return strategy.status;
  if (strategy.endsAt !== null && strategy.endsAt <= now) return 'expired';
  if (strategy.reviewAt.getTime() + lapseAfterDays * DAY_MS <= now.getTime()) return 'lapsed';
  return 'authorised';
}

/** In force: authorised, notified in writing (or urgent), started, not ended, lapsed or lifted (R6, R9). */
export function isInForce(
  strategy: Pick<EnforceableStrategy, 'status' | 'endsAt' | 'reviewAt' | 'startsAt' | 'urgent' | 'notification'>,
  now: Date,
  lapseAfterDays = DEFAULT_LAPSE_AFTER_DAYS,
): boolean {
  if (effectiveStatus(strategy, now, lapseAfterDays) !== 'authorised') return false;
  if (!strategy.urgent && strategy.notification === null) return false;
  return strategy.startsAt <= now;
}

/** Working days (Monday to Friday) after which an urgent strategy's missing letter is overdue (R6). */
export const NOTIFICATION_DUE_WORKING_DAYS = 5;

export function addWorkingDays(from: Date, days: number): Date {
  const result = new Date(from);
  let left = days;
  while (left > 0) {
    result.setUTCDate(result.getUTCDate() + 1);
    const weekday = result.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return result;
}

/** An urgent strategy is enforced before its letter; after 5 working days without one, that is overdue. */
export function isNotificationOverdue(strategy: Pick<ContactStrategy, 'status' | 'urgent' | 'notification' | 'authorisedAt'>, now: Date): boolean {
  if (strategy.status !== 'authorised' || strategy.notification !== null || !strategy.authorisedAt) return false;
  return addWorkingDays(strategy.authorisedAt, NOTIFICATION_DUE_WORKING_DAYS) <= now;
}
