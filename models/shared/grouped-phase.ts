// Reads that work items running side by side make at the same point of their work, gathered into one read
// whatever the moment each got there (models/shared/group-commit.ts groups only the callers that happen to
// ask while a read is in flight, so items whose slow first step — a WeCom API call — returns at different
// moments would read one by one). An item enters before that first step and hands its keys to gather() where
// it would read; the read runs once every item that entered and has not left is waiting in a gather, or
// `maxWaitMs` after the first one began to wait, so a slow sibling holds nobody up for long. Each item gets
// its own answer. A read runs after each of its callers asked, so it is as fresh as a read of one's own.
// Which to use: groupCommit for callers that arrive on their own (requests, independent jobs) — nobody knows who
// else is coming, so it never waits; PhaseGather for a known set of items started together (a worker's batch),
// where waiting a little for registered siblings saves a read per item.

export interface PhaseTicket<K, R> {
  /** Waits for the read of this phase with the keys of everyone gathered at it; a second call reads alone. */
  gather(key: K): Promise<R>;
  /** This item reads nothing more here (it finished or failed before its gather): nobody waits for it. */
  leave(): void;
}

interface Waiting<K, R> {
  key: K;
  resolve: (answer: R) => void;
  reject: (error: unknown) => void;
  passed: () => void;
}

export class PhaseGather<K, R> {
  private entered = 0;
  private waiting: Waiting<K, R>[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly read: (keys: K[]) => Promise<R[]>,
    private readonly maxWaitMs = 100,
  ) {}

  /**
   * An item that will gather once; call before its first step of variable length. `passed` is called once the
   * item's read is under way or it left (e.g. to let another item start its first step).
   */
  enter(passed: () => void = () => undefined): PhaseTicket<K, R> {
    this.entered++;
    let state: 'before' | 'gathered' | 'left' = 'before';
    return {
      gather: (key) => {
        if (state !== 'before') {
          return this.read([key]).then((answers) => answers[0]!);
        }
        state = 'gathered';
        return new Promise<R>((resolve, reject) => {
          this.waiting.push({ key, resolve, reject, passed });
          this.check();
        });
      },
      leave: () => {
        if (state === 'before') {
          state = 'left';
          this.entered--;
          passed();
          this.check();
        }
      },
    };
  }

  private check(): void {
    if (this.waiting.length === 0) {
      return;
    }
    if (this.waiting.length >= this.entered) {
      this.fire();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.fire(), this.maxWaitMs);
    }
  }

  private fire(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.waiting;
    this.waiting = [];
    this.entered -= batch.length;
    batch.forEach((w) => w.passed());
    this.read(batch.map((w) => w.key)).then(
      (answers) => batch.forEach((w, i) => w.resolve(answers[i]!)),
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
  }
}
