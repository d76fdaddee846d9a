/** The only source of "now": passed in so that tests and the decision core control time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
