import { BoundedMap } from '../src/calls/bounded-map.js';
import type { TwimlAnswer } from './twiml-answer.js';

/**
 * Twilio marks every retry of one webhook request with the same I-Twilio-Idempotency-Token: a retry gets
 * the first answer, without deciding or writing anything again, even while the first is still being answered.
 */
export class IdempotentAnswers {
  private readonly answers: BoundedMap<string, Promise<TwimlAnswer>>;

  constructor(capacity = 20_000) {
    this.answers = new BoundedMap(capacity);
  }

  answer(path: string, token: string | undefined, produce: () => Promise<TwimlAnswer>): Promise<TwimlAnswer> {
    if (!token) return produce();
    const key = `${path}\u0000${token}`;
    const seen = this.answers.get(key);
    if (seen) return seen;
    const answer = produce();
    this.answers.set(key, answer);
    return answer;
  }
}
