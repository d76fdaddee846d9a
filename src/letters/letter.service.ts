import type { AppDeps } from '../app-deps.js';
import { findCustomerById } from '../customers/customer.repository.js';
import { AppError } from '../shared/app-error.js';
import { findStaffByIds } from '../staff/staff.repository.js';
import { findStrategyById } from '../strategies/strategy.repository.js';
import { buildLetter } from './build-letter.js';
import { findLetterHistory } from './letter.repository.js';
import type { Letter } from './letter.js';

/** Gathers what the letter is drafted from (strategy, customer, SPOC names, history) and drafts it. */
export async function draftStrategyLetter(deps: AppDeps, strategyId: string): Promise<Letter> {
  const strategy = await findStrategyById(deps.db, strategyId);
  if (!strategy) throw AppError.notFound('contact strategy');
  const staffIds = strategy.restrictions.flatMap((r) =>
    r.type === 'spoc' ? [r.staffId, ...(r.deputyStaffId ? [r.deputyStaffId] : [])] : [],
  );
  const [customer, staff, history] = await Promise.all([
    findCustomerById(deps.db, strategy.customerId),
    findStaffByIds(deps.db, staffIds),
    findLetterHistory(deps.db, strategy.id),
  ]);
  if (!customer) throw AppError.notFound('customer');
  return buildLetter({
    strategy,
    customer,
    staffNames: new Map(staff.map((s) => [s.id, s.displayName])),
    history,
    settings: deps.config,
    now: deps.clock.now(),
  });
}
