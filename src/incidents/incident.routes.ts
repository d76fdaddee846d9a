import { Router } from 'express';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { terminatedCalls } from '../../db/schema/index.js';
import { recordAuditEvent } from '../audit/audit.repository.js';
import { AUTHORISING_ROLES, SUPERVISING_ROLES } from '../core/roles.js';
import { text } from '../http/fields.js';
import { parseInput } from '../http/validate.js';
import { AppError } from '../shared/app-error.js';
import { actorOf, requireRole } from '../session/auth.middleware.js';
import { findTermination, seriousIncidents } from '../terminations/termination.repository.js';

const idParam = z.object({ id: z.uuid('must be a termination id') });

/** R14: threats stay on the dashboard until a supervisor records what was done about them. */
export function incidentRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/', requireRole(SUPERVISING_ROLES, 'reading serious incidents'), async (req, res) => {
    const { open } = parseInput(z.object({ open: z.enum(['true', 'false']).default('true') }), req.query, 'query');
    res.json({ items: await seriousIncidents(deps.db, open === 'true') });
  });
  router.post('/:id/resolve', requireRole(AUTHORISING_ROLES, 'resolving a serious incident'), async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    const { action } = parseInput(z.object({ action: text(4000) }).strict(), req.body);
    const actor = actorOf(res);
    const now = deps.clock.now();
    await deps.db.transaction(async (tx) => {
      const before = await findTermination(tx, { id });
      if (!before || !before.serious) throw AppError.notFound('serious incident');
      const changed = await tx
        .update(terminatedCalls)
        .set({ incidentAction: action, incidentResolvedBy: actor.id, incidentResolvedAt: now })
        .where(and(eq(terminatedCalls.id, id), isNull(terminatedCalls.incidentResolvedAt)))
        .returning({ id: terminatedCalls.id });
      if (changed.length === 0) throw AppError.conflict('what was done about this incident is already recorded', 'already_resolved');
      await recordAuditEvent(tx, { actor, action: 'incident.resolved', entityType: 'termination', entityId: id, before, after: { incidentAction: action, incidentResolvedAt: now }, at: now });
    });
    res.json((await seriousIncidents(deps.db, false)).find((incident) => incident.id === id));
  });
  return router;
}
