import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps.js';
import { SUPERVISING_ROLES } from '../core/roles.js';
import { parseInput } from '../http/validate.js';
import { requireRole } from '../session/auth.middleware.js';
import { reportToCsv } from './report.csv.js';
import { dateInZone } from './report-periods.js';
import { resolveRange, summaryQuerySchema } from './report.schemas.js';
import { summaryReport } from './report.service.js';

/** Reports (R11), for supervisors and above: JSON, or CSV with `Accept: text/csv` or `?format=csv`. */
export function reportRoutes(deps: AppDeps): Router {
  const router = Router();
  const query = summaryQuerySchema(deps.config.timeZone);
  const supervisors = requireRole(SUPERVISING_ROLES, 'reading reports');

  router.get('/summary', supervisors, async (req, res) => {
    const input = parseInput(query, req.query, 'query');
    const range = resolveRange(input, deps.clock.now(), deps.config.timeZone);
    const report = await summaryReport(deps, range);
    res.vary('Accept');
    if (!wantsCsv(req, input.format)) {
      res.json(report);
      return;
    }
    const { timeZone } = deps.config;
    const filename = `callguard-report-${dateInZone(range.from, timeZone)}-${dateInZone(range.to, timeZone)}.csv`;
    // Quoted as asked for; the name holds only digits, letters and dashes.
    res.set('Content-Disposition', `attachment; filename="${filename}"`).type('text/csv; charset=utf-8').send(reportToCsv(report));
  });

  return router;
}

function wantsCsv(req: Request, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}
