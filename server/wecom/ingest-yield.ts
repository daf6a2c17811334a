import { NUDGE_MS } from './event-signal.js';

// While WeCom callbacks arrive fast, the event processor and the message sender mostly wait: an
// acknowledgement must go out within WeCom's 5 s, a stored event or a message can wait a few seconds, and
// on a busy machine every core the workers and their database commands take is one the acknowledging
// process does not get. A worker holds new work while callbacks arrive faster than BUSY_PER_SECOND (counted
// over the last RATE_WINDOW_MS) and until QUIET_MS after the last one — the HTTP process tells the worker
// process once per NUDGE_MS while it stores callbacks, with how many, so QUIET_MS spans a few missed or late
// nudges — but never for more than HOLD_MS in a row: then it works for WORK_MS, so a backlog still drains
// under a steady stream. A trickle of callbacks (a corp's ordinary day) is worked on as it comes, PROBE_MS after
// the first callback that follows a quiet spell: that callback's nudge comes alone (it is sent at once), and
// only the next one, NUDGE_MS later, can tell a burst from a trickle. Work started before it would run beside
// the burst's first acknowledgements.

export const QUIET_MS = 4 * NUDGE_MS;
export const BUSY_PER_SECOND = 50;
/** Two nudge windows: the second nudge crosses two process boundaries (HTTP process, primary, worker). */
export const PROBE_MS = 2 * NUDGE_MS;
const RATE_WINDOW_MS = 1000;
const HOLD_MS = 4000;
const WORK_MS = 1000;

export class IngestYield {
  private lastStored = Number.NEGATIVE_INFINITY;
  /** The first callback stored after a quiet spell (none for QUIET_MS). */
  private firstStored = Number.NEGATIVE_INFINITY;
  private busySince: number | null = null;
  /**
   * Callbacks stored, by the millisecond the worker heard of them, over the last RATE_WINDOW_MS (one entry per
   * millisecond: in one process every stored callback tells it, up to thousands a second), and their sum.
   */
  private recent: { at: number; count: number }[] = [];
  private inWindow = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** `count` callbacks were stored (the HTTP process's nudge). */
  stored(count = 1): void {
    const now = this.now();
    if (now - this.lastStored > QUIET_MS) {
      this.firstStored = now;
    }
    this.lastStored = now;
    const last = this.recent.at(-1);
    if (last?.at === now) {
      last.count += count;
    } else {
      this.recent.push({ at: now, count });
    }
    this.inWindow += count;
    this.forgetBefore(now - RATE_WINDOW_MS);
  }

  /** How long to wait before starting more work: 0 to go ahead. */
  holdMs(): number {
    const now = this.now();
    this.forgetBefore(now - RATE_WINDOW_MS);
    if (now - this.lastStored > QUIET_MS) {
      this.busySince = null;
      return 0;
    }
    if (this.busySince === null && this.inWindow < BUSY_PER_SECOND) {
      // Not a burst, or not known to be one yet: right after a quiet spell, until the nudge that would say so.
      const probing = this.firstStored + PROBE_MS - now;
      return probing >= 0 ? probing + 1 : 0;
    }
    this.busySince ??= now;
    const phase = (now - this.busySince) % (HOLD_MS + WORK_MS);
    // Until QUIET_MS after the last callback stored (not QUIET_MS from now: the caller sleeps this long, then asks
    // again), or until the hold's end.
    return phase < HOLD_MS ? Math.min(this.lastStored + QUIET_MS - now + 1, HOLD_MS - phase) : 0;
  }

  /** Forgets the nudges at or before `time` (the window is the last RATE_WINDOW_MS, its start excluded). */
  private forgetBefore(time: number): void {
    while (this.recent.length > 0 && this.recent[0]!.at <= time) {
      this.inWindow -= this.recent.shift()!.count;
    }
  }
}
