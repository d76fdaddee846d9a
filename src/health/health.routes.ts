import { Router } from 'express';
import type { AppDeps } from '../app-deps.js';

export function healthRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await deps.pingDatabase();
      res.json({ status: 'ok', database: deps.databaseKind });
    } catch (err) {
      deps.logger.warn({ err }, 'health check: database unreachable');
      res.status(503).json({ status: 'degraded', database: deps.databaseKind, error: 'database unreachable' });
    }
  });
  return router;
}
