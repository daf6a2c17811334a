import type { Logger } from '../../config/logger.js';

// The loop both lease workers share (lease-worker.ts: outbound messages, one item per fetch;
// batch-lease-worker.ts: WeCom events, a batch per take): start and stop, sleep until woken or the next
// poll, fetches spaced out, and `runUntilIdle` for tests and the CLI. What a pass of the loop does, and how
// the items in hand are waited for, is each worker's own.

export interface WorkerLoopOptions {
  name: string;
  pollMs: number;
  /** Fetches are at least this far apart, so a burst of wake-ups does not become a burst of queries. */
  minFetchIntervalMs?: number;
  /** How long to wait before taking or starting more work (0: go ahead), e.g. while the machine is needed elsewhere. */
  holdOffMs?(): number;
  log: Logger;
}

export abstract class WorkerLoop {
  protected running = false;
  private loop: Promise<void> | null = null;
  private readonly sleepers = new Set<() => void>();
  private readonly idleWaiters = new Set<() => void>();
  private lastFetch = 0;
  /** A wake-up that came while nobody slept: the next sleep returns at once. */
  private wokenEarly = false;

  constructor(private readonly loopOptions: WorkerLoopOptions) {}

  /** Works while running; with `stopWhenIdle`, returns once nothing is due and nothing is in hand. */
  protected abstract pump(stopWhenIdle: boolean): Promise<void>;

  /** Waits for the items in hand. */
  protected abstract settled(): Promise<void>;

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.loop = this.pump(false).catch((error: unknown) => {
      this.loopOptions.log.error(`${this.loopOptions.name} stopped unexpectedly`, { error });
    });
  }

  /** Stops fetching and waits for the items in hand. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await this.settled();
  }

  /** New work may be due: the loop goes ahead now rather than at the next poll. */
  wake(): void {
    this.nudge();
  }

  protected nudge(): void {
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
      await this.settled();
    }
  }

  /** Nothing due and nothing in hand: tells whoever waits in runUntilIdle. */
  protected idle(): void {
    for (const resolve of [...this.idleWaiters]) {
      this.idleWaiters.delete(resolve);
      resolve();
    }
  }

  /** Waits while the holdOffMs option says so (only while running). */
  protected async holdOff(): Promise<void> {
    const options = this.loopOptions;
    for (let ms = options.holdOffMs?.() ?? 0; ms > 0 && this.running; ms = options.holdOffMs?.() ?? 0) {
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  }

  /** Waits until the next fetch may go (minFetchIntervalMs after the last) and counts it as made. */
  protected async spaceFetch(): Promise<void> {
    const wait = this.lastFetch + (this.loopOptions.minFetchIntervalMs ?? 100) - Date.now();
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    this.lastFetch = Date.now();
  }

  /** Whether a poll interval passed since the last fetch. */
  protected pollDue(): boolean {
    return Date.now() - this.lastFetch >= this.loopOptions.pollMs;
  }

  /** Resolves after the poll interval, or at once when woken. */
  protected sleep(): Promise<void> {
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
      const timer = setTimeout(done, this.loopOptions.pollMs);
      this.sleepers.add(done);
    });
  }
}
