import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { SUPERVISING_ROLES } from '../core/roles.js';
import { NOT_STORABLE, storable } from '../http/fields.js';
import { parseInput } from '../http/validate.js';
import { requireRole } from '../session/auth.middleware.js';
import { listAuditEvents } from './audit.repository.js';

const auditQuery = z.object({
  entity: z.enum(['staff', 'session', 'customer', 'strategy', 'call', 'breach', 'termination', 'retention']).optional(),
  id: z.string().trim().min(1).max(100).refine(storable, NOT_STORABLE).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export function auditRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/', requireRole(SUPERVISING_ROLES, 'reading the audit trail'), async (req, res) => {
    const query = parseInput(auditQuery, req.query, 'query');
    const items = await listAuditEvents(deps.db, {
      entityType: query.entity,
      entityId: query.id,
      afterId: query.after,
      limit: query.limit,
    });
    res.json({ items });
  });
  return router;
}
