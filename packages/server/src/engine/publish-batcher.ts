/**
 * Coalesces concurrent `publish` calls into one store transaction. Every caller's promise resolves only after
 * the transaction holding its events has committed, so "resolved" always means "durable".
 */
import type { PublishBatchItem, PublishResult } from '../store/contract.js';

interface Waiter {
  items: readonly PublishBatchItem[];
  resolve(result: PublishResult): void;
  reject(err: unknown): void;
}

export class PublishBatcher {
  #waiters: Waiter[] = [];
  #scheduled = false;
  readonly #commit: (items: readonly PublishBatchItem[]) => Promise<PublishResult>;
  readonly #maxBatch: number;

  constructor(commit: (items: readonly PublishBatchItem[]) => Promise<PublishResult>, maxBatch = 10_000) {
    this.#commit = commit;
    this.#maxBatch = maxBatch;
  }

  submit(items: readonly PublishBatchItem[]): Promise<PublishResult> {
    return new Promise((resolve, reject) => {
      this.#waiters.push({ items, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // setImmediate, not a microtask: lets callers that publish in the same turn of the event loop join in.
        setImmediate(() => void this.#flush());
      }
    });
  }

  /**
   * One flush at a time: publishes that arrive while a batch commits join the next batch of this same loop,
   * so batches commit in the order they were submitted.
   */
  async #flush(): Promise<void> {
    while (this.#waiters.length > 0) {
      const batch: Waiter[] = [];
      let size = 0;
      while (
        this.#waiters.length > 0 &&
        (batch.length === 0 || size + this.#waiters[0]!.items.length <= this.#maxBatch)
      ) {
        const waiter = this.#waiters.shift()!;
        batch.push(waiter);
        size += waiter.items.length;
      }
      try {
        const result = await this.#commit(batch.flatMap((w) => w.items));
        // The store reports inserted ids in item order, so walking both in step attributes each id to its caller,
        // even when two callers publish the same id in one batch.
        let next = 0;
        for (const waiter of batch) {
          const own: PublishResult = { inserted: [], duplicates: [] };
          for (const item of waiter.items) {
            if (result.inserted[next] === item.event.id) {
              own.inserted.push(item.event.id);
              next++;
            } else own.duplicates.push(item.event.id);
          }
          waiter.resolve(own);
        }
      } catch (err) {
        for (const waiter of batch) waiter.reject(err);
      }
    }
    // No await between the loop's last check and here: a submit after this line schedules a new flush.
    this.#scheduled = false;
  }
}
