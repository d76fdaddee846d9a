interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(err: unknown): void;
}

export interface GroupCommitOptions {
  /** Flush when this many items wait... */
  maxItems: number;
  /** ...or when the oldest has waited this long. */
  maxWaitMs: number;
  /** Told the size of every batch written (metrics). */
  onBatch?: (size: number) => void;
}

/**
 * Group commit: many small writes become one statement. Each caller's promise settles when the batch
 * holding its item has committed (or failed), so a webhook answers only after its row is durable.
 */
export class GroupCommit<T, R = void> {
  private waiting: Waiting<T, R>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();

  constructor(
    /** Writes the batch; resolves with one result per item, in order. */
    private readonly writeBatch: (items: T[]) => Promise<R[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.options.maxItems) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  /** Writes what is waiting now; resolves when every batch started so far has settled. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.inFlight]);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    this.options.onBatch?.(batch.length);
    const write = this.writeBatch(batch.map((w) => w.item)).then(
      (results) => {
        if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} gave ${results.length} results`);
        results.forEach((result, i) => batch[i]?.resolve(result));
      },
    ).catch((err: unknown) => batch.forEach((w) => w.reject(err)));
    this.inFlight.add(write);
    void write.finally(() => this.inFlight.delete(write));
  }
}
