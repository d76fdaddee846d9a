import type { AppDeps } from '../app-deps.js';
import { assembleReport, type SummaryReport } from './report.assembler.js';
import { reportPeriods } from './report-periods.js';
import { countBreaches, countEmergencyBypasses, countReviews, countStrategyEvents, countTerminations } from './report.repository.js';
import type { SummaryRange } from './report.schemas.js';

/** R11: counts per calendar period in the configured time zone, and their total. */
export async function summaryReport(deps: AppDeps, range: SummaryRange): Promise<SummaryReport> {
  const { timeZone, lapseAfterDays } = deps.config;
  const periods = reportPeriods(range.from, range.to, range.groupBy, timeZone);
  const [strategies, breaches, terminations, emergencyBypasses, reviews] = await Promise.all([
    countStrategyEvents(deps.db, periods, deps.clock.now(), lapseAfterDays),
    countBreaches(deps.db, periods),
    countTerminations(deps.db, periods),
    countEmergencyBypasses(deps.db, periods),
    countReviews(deps.db, periods),
  ]);
  return assembleReport({ ...range, timeZone }, periods, { strategies, breaches, terminations, emergencyBypasses, reviews });
}
