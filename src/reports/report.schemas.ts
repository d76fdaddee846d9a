import { DateTime } from 'luxon';
import { z } from 'zod';
import { AppError } from '../shared/app-error.js';
import { defaultFrom, GROUP_BY, MAX_REPORT_YEARS, type GroupBy } from './report-periods.js';

/** A date ("2026-01-01": midnight in the time zone) or a date and time, with or without an offset. */
function isoInstant(timeZone: string) {
  return z.string().transform((value, ctx): Date => {
    const parsed = DateTime.fromISO(value, { zone: timeZone });
    // Years 1 to 9999 only: PostgreSQL refuses year 0 and the "+010000" form of later ones (a 500 otherwise).
    if (parsed.isValid && parsed.toUTC().year >= 1 && parsed.toUTC().year <= 9999) return parsed.toJSDate();
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date such as 2026-01-01, or a date and time' });
    return z.NEVER;
  });
}

export function summaryQuerySchema(timeZone: string) {
  return z.object({
    from: isoInstant(timeZone).optional(),
    to: isoInstant(timeZone).optional(),
    groupBy: z.enum(GROUP_BY, { error: 'must be month or quarter' }).default('month'),
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional(),
  });
}

export interface SummaryRange {
  from: Date;
  to: Date;
  groupBy: GroupBy;
}

/** Fills in the defaults (the last 12 months to now) and checks the range: from before to, at most 10 years. */
export function resolveRange(
  query: { from?: Date | undefined; to?: Date | undefined; groupBy: GroupBy },
  now: Date,
  timeZone: string,
): SummaryRange {
  const to = query.to ?? now;
  const from = query.from ?? defaultFrom(to, query.groupBy, timeZone);
  if (from >= to) throw AppError.invalid({ [query.to ? 'to' : 'from']: query.to ? 'must be after from' : 'must be before to' });
  const latestTo = DateTime.fromJSDate(from, { zone: timeZone }).plus({ years: MAX_REPORT_YEARS }).toJSDate();
  if (to > latestTo) throw AppError.invalid({ [query.to ? 'to' : 'from']: `the range must be at most ${MAX_REPORT_YEARS} years` });
  return { from, to, groupBy: query.groupBy };
}
