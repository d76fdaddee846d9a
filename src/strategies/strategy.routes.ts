import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { isInForce } from '../core/contact-strategy.js';
import { parseInput } from '../http/validate.js';
import { AppError } from '../shared/app-error.js';
import { actorOf } from '../session/auth.middleware.js';
import {
  authoriseSchema,
  liftSchema,
  notificationSchema,
  proposeStrategySchema,
  rejectSchema,
  strategyQuerySchema,
} from './strategy.schemas.js';
import { findStrategyById, listStrategies } from './strategy.repository.js';
import { presentStrategy } from './strategy.presenter.js';
import { proposeStrategy } from './strategy.service.js';
import { authoriseStrategy, liftStrategy, recordNotification, rejectStrategy } from './strategy-lifecycle.service.js';

const idParam = z.object({ id: z.uuid('must be a strategy id') });

export function strategyRoutes(deps: AppDeps): Router {
  const router = Router();
  const strategyId = (params: unknown) => parseInput(idParam, params, 'id').id;
  const lapse = deps.config.lapseAfterDays;

  router.post('/', async (req, res) => {
    const input = parseInput(proposeStrategySchema, req.body);
    res.status(201).json(await proposeStrategy(deps, actorOf(res), input));
  });

  router.get('/', async (req, res) => {
    const query = parseInput(strategyQuerySchema, req.query, 'query');
    const now = deps.clock.now();
    const found = await listStrategies(
      deps.db,
      { status: query.status, customerIds: query.customerId ? [query.customerId] : undefined, limit: query.limit, offset: query.offset },
      now,
      lapse,
    );
    const items = found.filter((s) => query.inForce === undefined || isInForce(s, now, lapse) === query.inForce);
    res.json({ items: items.map((s) => presentStrategy(s, now, lapse)) });
  });

  router.get('/:id', async (req, res) => {
    const strategy = await findStrategyById(deps.db, strategyId(req.params));
    if (!strategy) throw AppError.notFound('contact strategy');
    res.json(presentStrategy(strategy, deps.clock.now(), lapse));
  });

  router.post('/:id/authorise', async (req, res) => {
    const id = strategyId(req.params);
    const input = parseInput(authoriseSchema, req.body);
    res.json(await authoriseStrategy(deps, actorOf(res), id, input));
  });

  router.post('/:id/reject', async (req, res) => {
    const id = strategyId(req.params);
    const { reason } = parseInput(rejectSchema, req.body);
    res.json(await rejectStrategy(deps, actorOf(res), id, reason));
  });

  router.post('/:id/notification', async (req, res) => {
    const id = strategyId(req.params);
    const input = parseInput(notificationSchema, req.body);
    res.json(await recordNotification(deps, actorOf(res), id, input));
  });

  router.post('/:id/lift', async (req, res) => {
    const id = strategyId(req.params);
    const { reason } = parseInput(liftSchema, req.body);
    res.json(await liftStrategy(deps, actorOf(res), id, reason));
  });

  return router;
}
