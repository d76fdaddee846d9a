import type { AppDeps } from '../app-deps.js';
import { listBreaches } from '../calls/breach.repository.js';
import { customerNames } from '../customers/customer.repository.js';
import { listEscalations } from '../escalations/escalation.repository.js';
import { escalationWithEvidence } from '../escalations/escalation.service.js';
import { listStrategies } from '../strategies/strategy.repository.js';
import { presentStrategy } from '../strategies/strategy.presenter.js';
import { seriousIncidents, unacknowledgedTerminations } from '../terminations/termination.repository.js';

const REVIEW_SOON_DAYS = 14;

/** Everything waiting for a supervisor or director, in one read (R2, R3, R6, R9, R10, R14). */
export async function supervisorDashboard(deps: AppDeps) {
  const { db, clock, config } = deps;
  const now = clock.now();
  const page = { limit: 1000, offset: 0 };
  const [proposed, authorised, breaches, escalations, incidents, terminations] = await Promise.all([
    listStrategies(db, { status: 'proposed', ...page }, now, config.lapseAfterDays),
    listStrategies(db, { status: 'authorised', ...page }, now, config.lapseAfterDays),
    listBreaches(db, { acknowledged: false, limit: 500, offset: 0 }),
    listEscalations(db, 'open'),
    seriousIncidents(db, true),
    unacknowledgedTerminations(db, null),
  ]);
  const names = await customerNames(db, [...proposed, ...authorised].map((s) => s.customerId).concat(breaches.flatMap((b) => (b.customerId ? [b.customerId] : []))));
  const view = (s: (typeof authorised)[number]) => ({ ...presentStrategy(s, now, config.lapseAfterDays), customerName: names.get(s.customerId) ?? null });
  const soon = new Date(now.getTime() + REVIEW_SOON_DAYS * 86_400_000);
  const live = authorised.map(view);
  return {
    generatedAt: now,
    proposals: proposed.map(view),
    notificationsOverdue: live.filter((s) => s.notificationOverdue),
    awaitingNotification: live.filter((s) => !s.urgent && s.notification === null),
    reviewsOverdue: live.filter((s) => s.reviewOverdue),
    reviewsDueSoon: live.filter((s) => !s.reviewOverdue && s.reviewAt <= soon),
    breaches: breaches.map((b) => ({ ...b, customerName: b.customerId ? (names.get(b.customerId) ?? null) : null })),
    escalations: await Promise.all(escalations.map((row) => escalationWithEvidence(deps, row))),
    incidents,
    terminations,
  };
}
