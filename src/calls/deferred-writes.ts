import type { Database } from '../../db/database.js';
import type { Logger } from '../shared/logger.js';
import { withTimeout } from '../shared/with-timeout.js';

/** A write that is safe to run more than once (an upsert or a forward-only update). */
export interface IdempotentWrite {
  label: string;
  run(db: Database): Promise<void>;
}

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;

/**
 * Call records must not be lost when the database is slow or down: a write that fails or overruns
 * its budget waits here, in order, and is retried until the database takes it.
 */
export class DeferredWrites {
  private readonly queue: IdempotentWrite[] = [];
  private timer: NodeJS.Timeout | undefined;
  private draining = false;
  private delay = RETRY_FIRST_MS;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  /** Tries the write within `budgetMs`; on failure keeps it for later. Resolves whether or not it was committed now. */
  async submit(write: IdempotentWrite, budgetMs: number): Promise<'committed' | 'deferred'> {
    // Behind earlier deferred writes: keep the order (a call's record before its status updates).
    if (this.queue.length > 0 || this.stopped) return this.defer(write);
    try {
      await withTimeout(write.run(this.db), budgetMs, write.label);
      return 'committed';
    } catch (err) {
      this.logger.warn({ err, write: write.label }, 'database write deferred');
      return this.defer(write);
    }
  }

  /** Queues a write without trying it now (the database is known to be unreachable). */
  enqueue(write: IdempotentWrite): void {
    this.defer(write);
  }

  private defer(write: IdempotentWrite): 'deferred' {
    this.queue.push(write);
    this.schedule();
    return 'deferred';
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, this.delay);
    this.timer.unref();
  }

  /** Runs queued writes in order until one fails; returns how many remain. */
  async drain(): Promise<number> {
    if (this.draining) return this.queue.length;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const next = this.queue[0];
        if (!next) break;
        await withTimeout(next.run(this.db), 5_000, next.label);
        this.queue.shift();
        this.delay = RETRY_FIRST_MS;
      }
      if (this.queue.length === 0) this.logger.info('deferred database writes caught up');
    } catch (err) {
      this.delay = Math.min(this.delay * 2, RETRY_MAX_MS);
      this.logger.warn({ err, pending: this.queue.length, retryInMs: this.delay }, 'database still unavailable for deferred writes');
      this.schedule();
    } finally {
      this.draining = false;
    }
    return this.queue.length;
  }

  /** On shutdown: one last attempt, then stop retrying. */
  async stop(): Promise<number> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const left = await this.drain().catch(() => this.queue.length);
    if (left > 0) this.logger.error({ pending: left }, 'stopping with call records not yet written');
    return left;
  }
}
