import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { parseInput } from '../http/validate.js';
import { AppError } from '../shared/app-error.js';
import { actorOf, requireRole } from '../session/auth.middleware.js';
import { staffSchemas } from './staff.schemas.js';
import { findStaffById, listStaff } from './staff.repository.js';
import { createStaff, updateStaff } from './staff.service.js';

const idParam = z.object({ id: z.uuid('must be a staff id') });

export function staffRoutes(deps: AppDeps): Router {
  const router = Router();
  const schemas = staffSchemas(deps.config.defaultRegion);

  // Who can be named in a strategy (a single point of contact): names and roles only, for those who draft strategies.
  router.get('/directory', requireRole(['supervisor', 'director', 'admin'], 'the staff directory'), async (_req, res) => {
    const items = (await listStaff(deps.db))
      .filter((member) => member.active)
      .map(({ id, displayName, role, phoneNumber, clientIdentity }) => ({ id, displayName, role, reachable: phoneNumber !== null || clientIdentity !== null }));
    res.json({ items });
  });

  router.use(requireRole(['admin'], 'managing staff'));

  router.post('/', async (req, res) => {
    const input = parseInput(schemas.create, req.body);
    res.status(201).json(await createStaff(deps, actorOf(res), input));
  });

  router.get('/', async (_req, res) => {
    res.json({ items: await listStaff(deps.db) });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    const member = await findStaffById(deps.db, id);
    if (!member) throw AppError.notFound('member of staff');
    res.json(member);
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    const input = parseInput(schemas.update, req.body);
    res.json(await updateStaff(deps, actorOf(res), id, input));
  });

  return router;
}
