import { effectiveStatus, isInForce, isNotificationOverdue, type ContactStrategy } from '../core/contact-strategy.js';

/** The API's view of a strategy: the status a reader should see, whether it applies to calls now, what is overdue. */
export function presentStrategy(strategy: ContactStrategy, now: Date, lapseAfterDays?: number) {
  const status = effectiveStatus(strategy, now, lapseAfterDays);
  return {
    ...strategy,
    status,
    inForce: isInForce(strategy, now, lapseAfterDays),
    notificationOverdue: status === 'authorised' && strategy.urgent && isNotificationOverdue(strategy, now),
    reviewOverdue: status === 'authorised' && strategy.reviewAt <= now,
  };
}

export type StrategyView = ReturnType<typeof presentStrategy>;
