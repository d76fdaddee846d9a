import type { Executor } from '../../db/database.js';
import { listAppeals, listReviews } from '../strategies/strategy-history.repository.js';
import type { LetterHistory } from './letter.js';

/** What the letter's history section shows: appeals and reviews of one strategy, oldest first. */
export async function findLetterHistory(ex: Executor, strategyId: string): Promise<LetterHistory> {
  const [appeals, reviews] = await Promise.all([listAppeals(ex, strategyId), listReviews(ex, strategyId)]);
  return { appeals, reviews };
}
