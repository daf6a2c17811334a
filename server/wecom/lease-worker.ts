import type { Logger } from '../../config/logger.js';

// A worker loop over durable jobs (stored events, outbound messages) shared by several server
// instances: it fetches what is due, takes each item under a lease (an atomic conditional update, so
// two instances never work on one item at once), runs up to `concurrency` at a time, keeps items with
// the same ordering key in order, and sleeps until woken or the next poll when there is nothing due.

export interface LeaseWorkerOptions<T> {
  name: string;
  concurrency: number;
  pollMs: number;
  log: Logger;
  /** Due items, oldest first, excluding the ids already in flight here. */
  fetchDue(excludeIds: string[]): Promise<T[]>;
  idOf(item: T): string;
  /** Items with the same key are worked on one after another. */
  keyOf(item: T): string;
  /** Takes the lease and does the work (doing nothing when another worker holds it). */
  work(item: T): Promise<void>;
}

export class LeaseWorker<T> {
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly keysInFlight = new Set<string>();

  constructor(private readonly options: LeaseWorkerOptions<T>) {}

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.loop = this.pump(false).catch((error: unknown) => {
      this.options.log.error(`${this.options.name} stopped unexpectedly`, { error });
    });
  }

  /** Stops fetching and waits for the items in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  wake(): void {
    this.wakeUp?.();
  }

  /** Works until nothing is due (tests, the CLI). */
  async runUntilIdle(): Promise<void> {
    this.running = true;
    try {
      await this.pump(true);
    } finally {
      this.running = false;
    }
  }

  private async pump(stopWhenIdle: boolean): Promise<void> {
    let queue: T[] = [];
    while (this.running) {
      // Fetch only when a slot is free and nothing queued can use it: the queue serves most starts.
      const startable = queue.some((item) => !this.keysInFlight.has(this.options.keyOf(item)));
      if (this.inFlight.size < this.options.concurrency && !startable) {
        try {
          queue = await this.options.fetchDue([...this.inFlight.keys()]);
        } catch (error) {
          // The database may be away for a moment; try again at the next poll.
          this.options.log.warn(`${this.options.name} could not fetch work`, { error });
          queue = [];
        }
      }
      queue = this.startFrom(queue);
      if (this.inFlight.size === 0) {
        if (queue.length > 0) {
          continue;
        }
        if (stopWhenIdle) {
          return;
        }
        await this.sleep(this.options.pollMs);
      } else {
        await Promise.race([...this.inFlight.values(), this.sleep(this.options.pollMs)]);
      }
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
      const run = this.options.work(item)
        .catch((error: unknown) => this.options.log.error(`${this.options.name} work failed`, { error, id }))
        .finally(() => {
          this.inFlight.delete(id);
          this.keysInFlight.delete(key);
        });
      this.inFlight.set(id, run);
    }
    return waiting;
  }

  /** Resolves after ms, or at once when woken; a new sleep ends the previous one. */
  private sleep(ms: number): Promise<void> {
    this.wakeUp?.();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wakeUp === done) {
          this.wakeUp = null;
        }
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}

/**
 * Renews an item's lease while work on it runs. The lease's expiry doubles as the holder's token:
 * every write after the work filters on it, so a worker whose lease lapsed and was taken over cannot
 * overwrite the new holder's result.
 */
export class LeaseKeeper {
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> = Promise.resolve();

  constructor(
    private token: Date,
    private readonly renew: (current: Date) => Promise<Date | null>,
    private readonly intervalMs: number,
  ) {}

  start(): this {
    this.timer = setInterval(() => {
      this.renewing = this.renewing
        .then(() => this.renew(this.token))
        .then((next) => { if (next) { this.token = next; } })
        .catch(() => undefined); // a missed renewal only shortens the lease
    }, Math.max(this.intervalMs, 50));
    return this;
  }

  /** Stops renewing and returns the current token once any renewal in flight has landed. */
  async stop(): Promise<Date> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.renewing;
    return this.token;
  }
}
