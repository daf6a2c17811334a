import type { Logger } from '../../config/logger.js';

// A worker loop over durable jobs (stored events, outbound messages) shared by several server
// instances: it fetches what is due, takes each item under a lease (an atomic conditional update, so
// two instances never work on one item at once), runs up to `concurrency` at a time, keeps items with
// the same ordering key in order, and sleeps until woken or the next poll when there is nothing due.

export interface LeaseWorkerOptions<T> {
  name: string;
  concurrency: number;
  pollMs: number;
  /** Fetches are at least this far apart, so a burst of wake-ups does not become a burst of queries. */
  minFetchIntervalMs?: number;
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
  private readonly sleepers = new Set<() => void>();
  private readonly idleWaiters = new Set<() => void>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly keysInFlight = new Set<string>();
  private lastFetch = 0;
  /** A wake-up that came while nobody slept: the next sleep returns at once. */
  private wokenEarly = false;

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
    if (this.sleepers.size === 0) {
      this.wokenEarly = true;
    }
    for (const wakeUp of [...this.sleepers]) {
      wakeUp();
    }
  }

  /** Works until nothing is due (tests, the CLI); on a started worker, waits until it is idle. */
  async runUntilIdle(): Promise<void> {
    if (this.running) {
      const idle = new Promise<void>((resolve) => this.idleWaiters.add(resolve));
      this.wake();
      await idle;
      return;
    }
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
      let fetched = false;
      if (this.inFlight.size < this.options.concurrency && !startable) {
        const wait = this.lastFetch + (this.options.minFetchIntervalMs ?? 100) - Date.now();
        if (wait > 0) {
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
        this.lastFetch = Date.now();
        fetched = true;
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
        if (fetched) {
          // Nothing due and nothing running: idle.
          for (const resolve of [...this.idleWaiters]) {
            this.idleWaiters.delete(resolve);
            resolve();
          }
        }
        if (stopWhenIdle) {
          return;
        }
        await this.sleep(this.options.pollMs);
      } else {
        // Woken when an item finishes (or new work is signalled).
        await this.sleep(this.options.pollMs);
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

  /** Resolves after ms, or at once when woken. */
  private sleep(ms: number): Promise<void> {
    if (this.wokenEarly) {
      this.wokenEarly = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}
