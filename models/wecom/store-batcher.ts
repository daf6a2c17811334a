// Group insert for writes that must be durable before their caller answers (WeCom callbacks): a write
// arriving while no insert is in flight goes out at the end of this turn of the event loop (with any
// other write of the same turn); writes arriving while one is in flight queue and go together in the
// next insert, as soon as it returns. So there is no added wait at low load, and under load one insert
// serves as many writers as arrived during the last one. Every writer is answered from the outcome of the
// insert that carried its own document — never before it returned.

export interface StoreBatcherOptions {
  /** At most this many documents per insert. */
  maxBatch: number;
}

interface Waiting<T, R> {
  doc: T;
  resolve(outcome: R): void;
  reject(error: Error): void;
}

export class StoreBatcher<T, R> {
  private queue: Waiting<T, R>[] = [];
  private running = false;

  /** `insert` answers, per document and in order, its outcome or the error that kept it from being stored. */
  constructor(
    private readonly insert: (docs: T[]) => Promise<(R | Error)[]>,
    private readonly options: StoreBatcherOptions,
  ) {}

  store(doc: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ doc, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      let outcomes: (R | Error)[];
      try {
        outcomes = await this.insert(batch.map((w) => w.doc));
      } catch (error) {
        outcomes = batch.map(() => (error instanceof Error ? error : new Error(String(error))));
      }
      batch.forEach((waiting, i) => {
        const outcome = outcomes[i];
        if (outcome === undefined) {
          waiting.reject(new Error('no outcome for a batched write'));
        } else if (outcome instanceof Error) {
          waiting.reject(outcome);
        } else {
          waiting.resolve(outcome);
        }
      });
    }
    this.running = false;
  }
}
