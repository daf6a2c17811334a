// While WeCom callbacks keep arriving, the event processor and the message sender mostly wait: an
// acknowledgement must go out within WeCom's 5 s, a stored event or a message can wait a few seconds, and
// on a busy machine every core the workers and their database commands take is one the acknowledging
// process does not get. A worker holds new work while callbacks were stored within the last QUIET_MS (a
// loaded machine stores them in bursts up to a second apart), but never for more than HOLD_MS in a row:
// then it works for WORK_MS, so a backlog still drains under a steady stream.

export const QUIET_MS = 1000;
const HOLD_MS = 4000;
const WORK_MS = 1000;

export class IngestYield {
  private lastStored = Number.NEGATIVE_INFINITY;
  private busySince: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** A callback was stored (the HTTP process's nudge). */
  stored(): void {
    this.lastStored = this.now();
  }

  /** How long to wait before starting more work: 0 to go ahead. */
  holdMs(): number {
    const now = this.now();
    if (now - this.lastStored > QUIET_MS) {
      this.busySince = null;
      return 0;
    }
    this.busySince ??= now;
    const phase = (now - this.busySince) % (HOLD_MS + WORK_MS);
    // Until QUIET_MS after the last callback stored (not QUIET_MS from now: the caller sleeps this long, then asks
    // again), or until the hold's end.
    return phase < HOLD_MS ? Math.min(this.lastStored + QUIET_MS - now + 1, HOLD_MS - phase) : 0;
  }
}
