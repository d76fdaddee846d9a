import { Router } from 'express';
import { and, eq, gte, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { terminatedCalls } from '../../db/schema/index.js';
import { SUPERVISING_ROLES } from '../core/roles.js';
import { dateTime } from '../http/fields.js';
import { parseInput } from '../http/validate.js';
import { requireRole } from '../session/auth.middleware.js';
import { listTerminations } from './termination.repository.js';

const query = z.object({
  customerId: z.uuid('must be a customer id').optional(),
  acknowledged: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  since: dateTime.optional(),
  until: dateTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** Terminated calls (R2), e.g. for a customer's history; supervisors and above. */
export function terminationRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/', requireRole(SUPERVISING_ROLES, 'reading terminated calls'), async (req, res) => {
    const q = parseInput(query, req.query, 'query');
    const conditions: SQL[] = [];
    if (q.customerId) conditions.push(eq(terminatedCalls.customerId, q.customerId));
    if (q.since) conditions.push(gte(terminatedCalls.createdAt, q.since));
    if (q.until) conditions.push(lte(terminatedCalls.createdAt, q.until));
    const items = await listTerminations(deps.db, and(...conditions), q.limit);
    res.json({ items: q.acknowledged === undefined ? items : items.filter((t) => (t.acknowledgedAt !== null) === q.acknowledged) });
  });
  return router;
}
