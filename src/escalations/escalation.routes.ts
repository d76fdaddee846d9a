import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { AUTHORISING_ROLES, SUPERVISING_ROLES } from '../core/roles.js';
import { text } from '../http/fields.js';
import { parseInput } from '../http/validate.js';
import { actorOf, requireRole } from '../session/auth.middleware.js';
import { listEscalations } from './escalation.repository.js';
import { acceptEscalation, dismissEscalation, escalationWithEvidence } from './escalation.service.js';

const idParam = z.object({ id: z.uuid('must be an escalation id') });
const query = z.object({ status: z.enum(['open', 'accepted', 'dismissed']).optional() });

/** R3 suggestions on the supervisors' dashboard: read, accept (pre-filled proposal) or dismiss with a note. */
export function escalationRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/', requireRole(SUPERVISING_ROLES, 'reading escalation suggestions'), async (req, res) => {
    const { status } = parseInput(query, req.query, 'query');
    const rows = await listEscalations(deps.db, status);
    res.json({ items: await Promise.all(rows.map((row) => escalationWithEvidence(deps, row))) });
  });
  router.post('/:id/accept', requireRole(AUTHORISING_ROLES, 'accepting an escalation suggestion'), async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    res.json(await acceptEscalation(deps, actorOf(res), id));
  });
  router.post('/:id/dismiss', requireRole(AUTHORISING_ROLES, 'dismissing an escalation suggestion'), async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    const { note } = parseInput(z.object({ note: text(2000) }).strict(), req.body);
    res.json(await dismissEscalation(deps, actorOf(res), id, note));
  });
  return router;
}
