import { WorkerLoop, type WorkerLoopOptions } from './worker-loop.js';

// A worker loop over durable jobs (stored events, outbound messages) shared by several server
// instances: it fetches what is due, takes each item under a lease (an atomic conditional update, so
// two instances never work on one item at once), runs up to `concurrency` at a time, keeps items with
// the same ordering key in order, and sleeps until woken or the next poll when there is nothing due.

export interface LeaseWorkerOptions<T> extends WorkerLoopOptions {
  concurrency: number;
  /** Due items, oldest first, excluding the ids already in flight here. */
  fetchDue(excludeIds: string[]): Promise<T[]>;
  idOf(item: T): string;
  /** Items with the same key are worked on one after another. */
  keyOf(item: T): string;
  /** Takes the lease and does the work (doing nothing when another worker holds it). */
  work(item: T): Promise<void>;
}

export class LeaseWorker<T> extends WorkerLoop {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly keysInFlight = new Set<string>();

  constructor(private readonly options: LeaseWorkerOptions<T>) {
    super(options);
  }

  protected async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
  }

  protected async pump(stopWhenIdle: boolean): Promise<void> {
    let queue: T[] = [];
    while (this.running) {
      // Fetch only when a slot is free and nothing queued can use it: the queue serves most starts.
      const startable = queue.some((item) => !this.keysInFlight.has(this.options.keyOf(item)));
      let fetched = false;
      if (this.inFlight.size < this.options.concurrency && !startable) {
        await this.holdOff();
        await this.spaceFetch();
        fetched = true;
        try {
          queue = await this.options.fetchDue([...this.inFlight.keys()]);
        } catch (error) {
          // The database may be away for a moment; try again at the next poll.
          this.options.log.warn(`${this.options.name} could not fetch work`, { error });
          queue = [];
        }
      }
      if (queue.length > 0 && !fetched) {
        // Items fetched before callbacks began to arrive wait too: nothing is leased until it starts.
        await this.holdOff();
      }
      queue = this.startFrom(queue);
      if (this.inFlight.size === 0) {
        if (queue.length > 0) {
          continue;
        }
        if (fetched) {
          this.idle();
        }
        if (stopWhenIdle) {
          return;
        }
      }
      // Woken when an item finishes (or new work is signalled).
      await this.sleep();
    }
  }

  /** Starts what the free slots and the ordering keys allow; returns what must wait. */
  private startFrom(queue: T[]): T[] {
    const waiting: T[] = [];
    for (const item of queue) {
      const id = this.options.idOf(item);
      const key = this.options.keyOf(item);
      if (this.inFlight.has(id)) {
        continue;
      }
      if (this.inFlight.size >= this.options.concurrency || this.keysInFlight.has(key)) {
        waiting.push(item);
        continue;
      }
      this.keysInFlight.add(key);
      const run = this.options
        .work(item)
        .catch((error: unknown) => this.options.log.error(`${this.options.name} work failed`, { error, id }))
        .finally(() => {
          this.inFlight.delete(id);
          this.keysInFlight.delete(key);
          this.wake();
        });
      this.inFlight.set(id, run);
    }
    return waiting;
  }
}
