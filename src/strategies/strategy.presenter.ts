import { effectiveStatus, isInForce, type ContactStrategy } from '../core/contact-strategy.js';

/** The API's view of a strategy: the status a reader should see and whether it applies to calls right now. */
export function presentStrategy(strategy: ContactStrategy, now: Date) {
  return { ...strategy, status: effectiveStatus(strategy, now), inForce: isInForce(strategy, now) };
}

export type StrategyView = ReturnType<typeof presentStrategy>;
