import { and, eq, isNull } from 'drizzle-orm';
import type { AppDeps } from '../app-deps.js';
import { breaches } from '../../db/schema/index.js';
import type { Actor } from '../core/roles.js';
import { recordAuditEvent } from '../audit/audit.repository.js';
import { AppError } from '../shared/app-error.js';
import { findBreach, type BreachRecord } from './breach.repository.js';

/** R10 follow-up: a supervisor notes what was done about a breach (often: tighten the strategy). */
export async function acknowledgeBreach(deps: AppDeps, actor: Actor, id: string, note: string): Promise<BreachRecord> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await findBreach(tx, id);
    if (!before) throw AppError.notFound('breach');
    const changed = await tx
      .update(breaches)
      .set({ acknowledgedBy: actor.id, acknowledgedAt: now, acknowledgementNote: note })
      .where(and(eq(breaches.id, id), isNull(breaches.acknowledgedAt)))
      .returning({ id: breaches.id });
    if (changed.length === 0) throw AppError.conflict('this breach has already been acknowledged', 'already_acknowledged');
    const after = await findBreach(tx, id);
    if (!after) throw AppError.notFound('breach');
    await recordAuditEvent(tx, { actor, action: 'breach.acknowledged', entityType: 'breach', entityId: id, before, after, at: now });
    return after;
  });
}
