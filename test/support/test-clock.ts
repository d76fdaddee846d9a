import type { Clock } from '../../src/core/clock.js';

/** A clock tests move by hand; starts at the real time so defaults like "review in 3 months" stay sensible. */
export class TestClock implements Clock {
  private current: number;

  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(date: Date | string): void {
    this.current = new Date(date).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

export const DAY = 86_400_000;
