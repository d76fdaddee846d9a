// When to try the panel's socket again: exponential from 1 s, capped at 30 s, with jitter so a
// restarted server is not hit by every open page at the same instant. Pure, unit-tested in Node.

export const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 30_000;

/** The wait before retry number `attempt` (0 for the first retry); `random` is in [0, 1). */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt));
  // ±20 % around the exponential value, never beyond the cap.
  return Math.min(MAX_RETRY_MS, Math.round(exponential * (0.8 + 0.4 * random())));
}
