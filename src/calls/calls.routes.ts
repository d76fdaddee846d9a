import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { AUTHORISING_ROLES, SUPERVISING_ROLES } from '../core/roles.js';
import { dateTime, phoneNumberField, text } from '../http/fields.js';
import { parseInput } from '../http/validate.js';
import { actorOf, requireRole } from '../session/auth.middleware.js';
import { acknowledgeBreach } from './breach.service.js';
import { listBreaches } from './breach.repository.js';
import { listCalls } from './call.repository.js';

const page = {
  since: dateTime.optional(),
  until: dateTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
};

/** The call log and breaches (R10), for supervisors and above. */
export function callRoutes(deps: AppDeps): Router {
  const router = Router();
  const callQuery = z.object({
    customerId: z.uuid('must be a customer id').optional(),
    number: phoneNumberField(deps.config.defaultRegion).optional(),
    ...page,
  });
  const breachQuery = z.object({
    customerId: z.uuid('must be a customer id').optional(),
    strategyId: z.uuid('must be a strategy id').optional(),
    acknowledged: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    ...page,
  });
  const supervisors = requireRole(SUPERVISING_ROLES, 'reading the call log');

  router.get('/calls', supervisors, async (req, res) => {
    const query = parseInput(callQuery, req.query, 'query');
    res.json({ items: await listCalls(deps.db, query) });
  });

  router.get('/breaches', supervisors, async (req, res) => {
    const query = parseInput(breachQuery, req.query, 'query');
    res.json({ items: await listBreaches(deps.db, query) });
  });

  router.post('/breaches/:id/acknowledge', requireRole(AUTHORISING_ROLES, 'acknowledging a breach'), async (req, res) => {
    const { id } = parseInput(z.object({ id: z.uuid('must be a breach id') }), req.params, 'id');
    const { note } = parseInput(z.object({ note: text(2000) }).strict(), req.body);
    res.json(await acknowledgeBreach(deps, actorOf(res), id, note));
  });

  return router;
}
