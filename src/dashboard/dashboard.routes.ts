import { Router } from 'express';
import type { AppDeps } from '../app-deps.js';
import { SUPERVISING_ROLES } from '../core/roles.js';
import { requireRole } from '../session/auth.middleware.js';
import { supervisorDashboard } from './dashboard.service.js';

export function dashboardRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/', requireRole(SUPERVISING_ROLES, 'the supervisors\' dashboard'), async (_req, res) => {
    res.json(await supervisorDashboard(deps));
  });
  return router;
}
