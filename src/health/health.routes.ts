import { Router } from 'express';
import type { AppDeps } from '../app-deps.js';
import type { CallRuntime } from '../calls/call-runtime.js';
import { withTimeout } from '../shared/with-timeout.js';

/** Liveness, readiness (for the load balancer) and Prometheus metrics. */
export function healthRoutes(deps: AppDeps, calls: CallRuntime, lifecycle: { stopping: boolean }): Router {
  const router = Router();
  const databaseReachable = () =>
    withTimeout(deps.pingDatabase(), 1_000, 'database ping').then(
      () => true,
      (err: unknown) => {
        deps.logger.warn({ err }, 'health check: database unreachable');
        return false;
      },
    );

  router.get('/healthz', async (_req, res) => {
    const database = await databaseReachable();
    res.status(database ? 200 : 503).json({ status: database ? 'ok' : 'degraded', database: deps.databaseKind, ...(database ? {} : { error: 'database unreachable' }) });
  });

  // Ready when the database answers and the strategy index is loaded: calls are then decided correctly.
  router.get('/readyz', async (_req, res) => {
    const database = await databaseReachable();
    const keeper = deps.strategies;
    const ready = !lifecycle.stopping && database && keeper.index.loadedAt !== null;
    res.status(ready ? 200 : 503).json({
      status: lifecycle.stopping ? 'stopping' : ready ? 'ready' : 'not ready',
      database: { kind: deps.databaseKind, reachable: database },
      strategyIndex: { loadedAt: keeper.index.loadedAt, ...keeper.index.size, loadMs: keeper.lastLoadMs(), lastNotificationLagMs: keeper.lastNoticeLagMs() },
      deferredWrites: calls.writes.pending,
    });
  });

  router.get('/metrics', async (_req, res) => {
    res.type(calls.metrics.registry.contentType).send(await calls.metrics.registry.metrics());
  });
  return router;
}
