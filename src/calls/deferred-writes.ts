import type { Database } from '../../db/database.js';
import type { Logger } from '../shared/logger.js';
import { withTimeout } from '../shared/with-timeout.js';

/** A write that is safe to run more than once (an upsert or a forward-only update). */
export interface IdempotentWrite {
  /** Writes with the same key (a call's CallSid) must land in the order they were made. */
  key: string;
  label: string;
  run(db: Database): Promise<void>;
}

interface Queued {
  seq: number;
  write: IdempotentWrite;
}

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;
const RETRY_BUDGET_MS = 5_000;

/**
 * Call records must not be lost when the database is slow or down: a write that fails or overruns its budget
 * waits here and is retried until the database takes it. Retries run side by side (through the same group
 * commit as new writes, so a backlog drains in batches), each key's in order. New writes for other calls do
 * not wait behind a backlog: each is tried at once, so once the database answers again they commit as before.
 */
export class DeferredWrites {
  private queue: Queued[] = [];
  /** Keys with a write queued or being retried: later writes for them must queue behind. */
  private readonly held = new Map<string, number>();
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<number> | null = null;
  private delay = RETRY_FIRST_MS;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /** Writes not yet committed. */
  get pending(): number {
    return [...this.held.values()].reduce((sum, n) => sum + n, 0);
  }

  /** Tries the write within `budgetMs`; on failure keeps it for later. Resolves whether or not it was committed now. */
  async submit(write: IdempotentWrite, budgetMs: number): Promise<'committed' | 'deferred'> {
    if (this.stopped || this.held.has(write.key)) return this.defer(write);
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
    this.queue.push({ seq: ++this.seq, write });
    this.held.set(write.key, (this.held.get(write.key) ?? 0) + 1);
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

  /** Retries everything queued (each key's writes in order, keys side by side); returns how many remain. */
  drain(): Promise<number> {
    this.draining ??= this.retryAll().finally(() => (this.draining = null));
    return this.draining;
  }

  private async retryAll(): Promise<number> {
    while (this.queue.length > 0) {
      const taken = this.queue;
      this.queue = [];
      const chains = new Map<string, Queued[]>();
      for (const item of taken) chains.set(item.write.key, [...(chains.get(item.write.key) ?? []), item]);
      const leftovers = (await Promise.all([...chains.values()].map((chain) => this.runChain(chain)))).flat();
      if (leftovers.length > 0) {
        // Back at the front, in their first order, ahead of anything queued meanwhile.
        this.queue = [...leftovers.sort((a, b) => a.seq - b.seq), ...this.queue];
        this.delay = Math.min(this.delay * 2, RETRY_MAX_MS);
        this.logger.warn({ pending: this.pending, retryInMs: this.delay }, 'database still unavailable for deferred writes');
        this.schedule();
        return this.pending;
      }
    }
    this.delay = RETRY_FIRST_MS;
    this.logger.info('deferred database writes caught up');
    return 0;
  }

  /** Runs one key's writes in order; returns those not written (the failed one and those after it). */
  private async runChain(chain: Queued[]): Promise<Queued[]> {
    for (let i = 0; i < chain.length; i++) {
      const { write } = chain[i]!;
      try {
        await withTimeout(write.run(this.db), RETRY_BUDGET_MS, write.label);
      } catch (err) {
        this.logger.debug({ err, write: write.label }, 'deferred write failed again');
        return chain.slice(i);
      }
      const left = (this.held.get(write.key) ?? 1) - 1;
      if (left > 0) this.held.set(write.key, left);
      else this.held.delete(write.key);
    }
    return [];
  }

  /** On shutdown: one last attempt, then stop retrying. */
  async stop(): Promise<number> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const left = await this.drain().catch(() => this.pending);
    if (left > 0) this.logger.error({ pending: left }, 'stopping with call records not yet written');
    return left;
  }
}
