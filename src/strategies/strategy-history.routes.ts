import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { parseInput } from '../http/validate.js';
import { AppError } from '../shared/app-error.js';
import { actorOf } from '../session/auth.middleware.js';
import { appealDecisionSchema, appealSchema, reviewSchema } from './strategy.schemas.js';
import { findStrategyById } from './strategy.repository.js';
import { listAppeals, listReviews } from './strategy-history.repository.js';
import { decideAppeal, recordAppeal } from './strategy-appeal.service.js';
import { reviewStrategy } from './strategy-review.service.js';

const idParam = z.object({ id: z.uuid('must be a strategy id') });
const appealParams = z.object({ id: z.uuid('must be a strategy id'), appealId: z.uuid('must be an appeal id') });

/** Reviews (R9) and appeals of one strategy, under /api/strategies/:id. */
export function strategyHistoryRoutes(deps: AppDeps): Router {
  const router = Router();
  const existing = async (params: unknown) => {
    const { id } = parseInput(idParam, params, 'id');
    if (!(await findStrategyById(deps.db, id))) throw AppError.notFound('contact strategy');
    return id;
  };

  router.post('/:id/reviews', async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    const input = parseInput(reviewSchema, req.body);
    res.status(201).json(await reviewStrategy(deps, actorOf(res), id, input));
  });
  router.get('/:id/reviews', async (req, res) => {
    res.json({ items: await listReviews(deps.db, await existing(req.params)) });
  });

  router.post('/:id/appeals', async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    const input = parseInput(appealSchema, req.body);
    res.status(201).json(await recordAppeal(deps, actorOf(res), id, input));
  });
  router.get('/:id/appeals', async (req, res) => {
    res.json({ items: await listAppeals(deps.db, await existing(req.params)) });
  });
  router.post('/:id/appeals/:appealId/decision', async (req, res) => {
    const { id, appealId } = parseInput(appealParams, req.params, 'id');
    const input = parseInput(appealDecisionSchema, req.body);
    res.json(await decideAppeal(deps, actorOf(res), id, appealId, input));
  });
  return router;
}
