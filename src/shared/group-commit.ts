import { withTimeout } from './with-timeout.js';

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(err: unknown): void;
}

export interface GroupCommitOptions {
  /** At most this many items in one batch. */
  maxItems: number;
  /** Batches being written at once; items arriving meanwhile wait and go together in the next. */
  maxInFlight: number;
  /**
   * A batch not settled by then fails (its callers retry or give up) and frees its slot. The statement may
   * still finish; the writes are idempotent. Without it, statements hung on a dead connection would hold every
   * slot until TCP gave up, and nothing behind them, retries included, could be written.
   */
  timeoutMs: number;
  /** Told the size of every batch written (metrics). */
  onBatch?: (size: number) => void;
}

/**
 * Group commit: many small writes become one statement. An item goes out at once if a batch slot is free
 * (with whatever arrived in the same turn of the event loop), else with everything that queued while the
 * slots were busy: no fixed wait when quiet, big batches when busy. Each caller's promise settles when the
 * batch holding its item has committed (or failed), so a webhook answers only after its row is durable.
 */
export class GroupCommit<T, R = void> {
  private waiting: Waiting<T, R>[] = [];
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    /** Writes the batch; resolves with one result per item, in order. */
    private readonly writeBatch: (items: T[]) => Promise<R[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Writes everything waiting now; resolves when every batch started so far has settled. */
  async drain(): Promise<void> {
    while (this.waiting.length > 0 || this.inFlight.size > 0) {
      this.flush();
      await Promise.allSettled([...this.inFlight]);
    }
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0 || this.inFlight.size >= this.options.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.waiting.length > 0 && this.inFlight.size < this.options.maxInFlight) {
      const batch = this.waiting.splice(0, this.options.maxItems);
      this.options.onBatch?.(batch.length);
      const write = withTimeout(
        Promise.resolve().then(() => this.writeBatch(batch.map((w) => w.item))),
        this.options.timeoutMs,
        `a batch of ${batch.length}`,
      )
        .then((results) => {
          if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} gave ${results.length} results`);
          results.forEach((result, i) => batch[i]?.resolve(result));
        })
        .catch((err: unknown) => batch.forEach((w) => w.reject(err)));
      this.inFlight.add(write);
      void write.finally(() => {
        this.inFlight.delete(write);
        this.schedule();
      });
    }
  }
}
