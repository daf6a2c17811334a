import { WorkerLoop, type WorkerLoopOptions } from './worker-loop.js';

// A worker loop over durable jobs that leases them a batch at a time (stored WeCom events): one fetch and one
// lease update take up to `batchSize` items, which then run up to `concurrency` at a time (an item may give
// its slot back early, for the rest of its work) — items with the same ordering key one after another, in the
// order they were taken, others side by side. Leases of the items
// held (running or waiting their turn) are renewed together; an item whose lease lapsed before its turn came
// is left to whoever takes it next. The next batch is taken once half of the last one is done, so the
// slots never run dry while a batch is read, and the loop sleeps until woken or the next poll when nothing
// is due. Each item succeeds or fails on its own: `work` records its result (or its retry) itself.

export interface BatchLeaseWorkerOptions<T> extends WorkerLoopOptions {
  batchSize: number;
  concurrency: number;
  leaseMs: number;
  /** Leases up to `limit` due items, oldest first, none of `excludeIds`; answers those it leased. */
  take(limit: number, excludeIds: string[]): Promise<T[]>;
  /** Renews the leases of these items; answers their new expiry. */
  renew(ids: string[]): Promise<Date>;
  now(): Date;
  idOf(item: T): string;
  keyOf(item: T): string;
  /**
   * Works on a leased item and records its outcome (the lease is not renewed after it returns). `freeSlot`
   * lets the next item start while this one finishes: `concurrency` bounds the items before that call.
   */
  work(item: T, freeSlot: () => void): Promise<void>;
}

export class BatchLeaseWorker<T> extends WorkerLoop {
  private renewal: NodeJS.Timeout | null = null;
  /** Items leased and not finished: their lease expiry, and their run. */
  private readonly held = new Map<string, { until: Date; run: Promise<void> }>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly slotWaiters: (() => void)[] = [];
  private busy = 0;
  /** False once a take found fewer due items than it asked for, until new work is signalled or a poll passes. */
  private moreDue = true;

  constructor(private readonly options: BatchLeaseWorkerOptions<T>) {
    super(options);
  }

  /** New work may be due (an event was stored): the next take goes ahead. */
  override wake(): void {
    this.moreDue = true;
    this.nudge();
  }

  protected async settled(): Promise<void> {
    while (this.held.size > 0) {
      await Promise.allSettled([...this.held.values()].map((h) => h.run));
    }
    this.stopRenewing();
  }

  protected async pump(stopWhenIdle: boolean): Promise<void> {
    while (this.running) {
      let taken = -1;
      if (this.held.size <= this.options.batchSize / 2 && (this.moreDue || this.pollDue() || this.held.size === 0)) {
        taken = await this.takeBatch();
      }
      if (this.held.size > 0) {
        await this.sleep(); // woken when an item finishes (or new work is signalled)
        continue;
      }
      if (taken > 0) {
        continue; // all done already: take the next batch
      }
      this.idle();
      if (stopWhenIdle) {
        return;
      }
      await this.sleep();
    }
  }

  /** Leases the next batch and queues its items; answers how many it took. */
  private async takeBatch(): Promise<number> {
    await this.holdOff();
    await this.spaceFetch();
    // No later than the expiry the take sets.
    const until = new Date(this.options.now().getTime() + this.options.leaseMs);
    let items: T[];
    const limit = this.options.batchSize - this.held.size;
    try {
      items = await this.options.take(limit, [...this.held.keys()]);
    } catch (error) {
      // The database may be away for a moment; try again at the next poll.
      this.options.log.warn(`${this.options.name} could not take work`, { error });
      return 0;
    }
    this.moreDue = items.length >= limit;
    for (const item of items) {
      this.schedule(item, until);
    }
    if (items.length > 0) {
      this.keepRenewing();
    }
    return items.length;
  }

  /** Queues an item behind the items of its key taken before it. */
  private schedule(item: T, until: Date): void {
    const id = this.options.idOf(item);
    const key = this.options.keyOf(item);
    const before = this.chains.get(key) ?? Promise.resolve();
    const run = before.then(() => this.inSlot(id, item));
    this.chains.set(key, run);
    this.held.set(id, { until, run });
    void run.finally(() => {
      this.held.delete(id);
      if (this.chains.get(key) === run) {
        this.chains.delete(key);
      }
      this.nudge();
    });
  }

  private async inSlot(id: string, item: T): Promise<void> {
    if (this.busy >= this.options.concurrency) {
      await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    }
    this.busy++;
    let slotHeld = true;
    const freeSlot = () => {
      if (slotHeld) {
        slotHeld = false;
        this.busy--;
        this.slotWaiters.shift()?.();
      }
    };
    try {
      await this.holdOff();
      const held = this.held.get(id);
      if (held && held.until.getTime() <= this.options.now().getTime()) {
        this.options.log.warn(`${this.options.name}: lease lapsed before its turn; left to the next taker`, { id });
        return;
      }
      await this.options.work(item, freeSlot);
    } catch (error) {
      this.options.log.error(`${this.options.name} work failed`, { error, id });
    } finally {
      freeSlot();
    }
  }

  private keepRenewing(): void {
    if (this.renewal) {
      return;
    }
    this.renewal = setInterval(
      () => {
        const ids = [...this.held.keys()];
        if (ids.length === 0) {
          this.stopRenewing();
          return;
        }
        this.options.renew(ids).then(
          (until) => ids.forEach((id) => this.held.get(id) && (this.held.get(id)!.until = until)),
          () => undefined, // a missed renewal only shortens the leases
        );
      },
      Math.max(this.options.leaseMs / 3, 50),
    );
  }

  private stopRenewing(): void {
    if (this.renewal) {
      clearInterval(this.renewal);
      this.renewal = null;
    }
  }
}
