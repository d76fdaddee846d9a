import type { Executor } from '../../db/database.js';
import { findRestrictionConflicts, type Restriction } from '../core/restriction.js';
import { AppError, type FieldProblems } from '../shared/app-error.js';
import { findStaffByIds } from '../staff/staff.repository.js';

const DAY = 86_400_000;
export const DEFAULT_REVIEW_MONTHS = 3;
export const MAX_REVIEW_MONTHS = 12;

export function addMonths(date: Date, months: number): Date {
  const result = new Date(date);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

export interface Timing {
  startsAt: Date;
  endsAt: Date | null;
  reviewAt: Date;
}

/** Dates that depend on "now": checked here rather than in the schema because the clock is injected. */
export function resolveTiming(
  input: { startsAt?: Date | undefined; endsAt?: Date | null | undefined; reviewAt?: Date | undefined },
  priorWarnings: readonly { date: string }[],
  now: Date,
): Timing {
  const startsAt = input.startsAt ?? now;
  const endsAt = input.endsAt ?? null;
  const reviewAt = input.reviewAt ?? addMonths(startsAt < now ? now : startsAt, DEFAULT_REVIEW_MONTHS);
  const problems: FieldProblems = {};
  const reviewProblem = reviewDateProblem(reviewAt, now);
  if (reviewProblem) problems.reviewAt = reviewProblem;
  if (endsAt && endsAt <= startsAt) problems.endsAt = 'must be after startsAt';
  else if (endsAt && endsAt <= now) problems.endsAt = 'must be in the future';
  if (startsAt.getTime() < now.getTime() - DAY) problems.startsAt = 'must not be more than a day in the past';
  priorWarnings.forEach((warning, index) => {
    if (new Date(warning.date).getTime() > now.getTime() + DAY) problems[`priorWarnings.${index}.date`] = 'must not be in the future';
  });
  if (Object.keys(problems).length > 0) throw AppError.invalid(problems);
  return { startsAt, endsAt, reviewAt };
}

/** R9: a review date is in the future and at most a year ahead. */
export function reviewDateProblem(reviewAt: Date, now: Date): string | null {
  if (reviewAt <= now) return 'must be in the future';
  if (reviewAt > addMonths(now, MAX_REVIEW_MONTHS)) return `must be at most ${MAX_REVIEW_MONTHS} months ahead (R9)`;
  return null;
}

/** The restrictions as a set: no contradictions, and every SPOC and deputy is an active member of staff. */
export async function checkRestrictions(ex: Executor, list: readonly Restriction[]): Promise<void> {
  const problems: FieldProblems = {};
  for (const conflict of findRestrictionConflicts(list)) {
    problems[`restrictions.${conflict.index}.${conflict.field}`] = conflict.message;
  }
  const wanted = list.flatMap((r, index) =>
    r.type === 'spoc'
      ? [
          { index, field: 'staffId', id: r.staffId },
          ...(r.deputyStaffId ? [{ index, field: 'deputyStaffId', id: r.deputyStaffId }] : []),
        ]
      : [],
  );
  const staff = await findStaffByIds(
    ex,
    wanted.map((w) => w.id),
  );
  for (const w of wanted) {
    const member = staff.find((s) => s.id === w.id);
    if (!member) problems[`restrictions.${w.index}.${w.field}`] = 'is not a member of staff';
    else if (!member.active) problems[`restrictions.${w.index}.${w.field}`] = `${member.displayName} is no longer active`;
  }
  if (Object.keys(problems).length > 0) throw AppError.invalid(problems);
}
