import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { parseInput } from '../http/validate.js';
import { AppError } from '../shared/app-error.js';
import { actorOf } from '../session/auth.middleware.js';
import { SUPERVISING_ROLES } from '../core/roles.js';
import { customerSchemas } from './customer.schemas.js';
import { findCustomerById, listCustomers } from './customer.repository.js';
import { createCustomer, updateCustomer } from './customer.service.js';

const idParam = z.object({ id: z.uuid('must be a customer id') });

/** Every member of staff works with customers: agents see their communication needs on each call (R13). */
export function customerRoutes(deps: AppDeps): Router {
  const router = Router();
  const schemas = customerSchemas(deps.config.defaultRegion);

  router.post('/', async (req, res) => {
    const input = parseInput(schemas.create, req.body);
    res.status(201).json(await createCustomer(deps, actorOf(res), input));
  });

  router.get('/', async (req, res) => {
    const query = parseInput(schemas.query, req.query, 'query');
    // Agents look up the caller in front of them; browsing every customer is for supervisors and above.
    if (!query.phone && !query.reference && !SUPERVISING_ROLES.includes(actorOf(res).role)) {
      throw AppError.forbidden('agents search customers by phone number or reference: add ?phone= or ?reference=');
    }
    res.json({ items: await listCustomers(deps.db, query) });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    const customer = await findCustomerById(deps.db, id);
    if (!customer) throw AppError.notFound('customer');
    res.json(customer);
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    const input = parseInput(schemas.update, req.body);
    res.json(await updateCustomer(deps, actorOf(res), id, input));
  });

  return router;
}
