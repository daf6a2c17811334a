// How long to wait before retrying something that failed: the delay doubles with each attempt from
// baseMs up to maxMs, and is spread at random within a range, so that many items failing together
// (a WeCom outage, a database restart) do not all come back at the same moment.

export interface Backoff {
  baseMs: number;
  maxMs?: number;
  /** The delay is multiplied by a random factor in this range; [1, 1] (the default) means no spread. */
  spread?: readonly [number, number];
}

/** The delay before retry number `attempt` (1 for the first retry). */
export function backoffDelay(attempt: number, backoff: Backoff): number {
  const doublings = Math.min(Math.max(attempt - 1, 0), 30);
  const exponential = Math.min(backoff.baseMs * 2 ** doublings, backoff.maxMs ?? Number.POSITIVE_INFINITY);
  const [low, high] = backoff.spread ?? [1, 1];
  return exponential * (low + Math.random() * (high - low));
}

/** The backoff of the lease workers (WeCom events, outbox): doubling from baseMs to maxMs, spread ±20%. */
export function workerBackoff(baseMs: number, maxMs: number): Backoff {
  return { baseMs, maxMs, spread: [0.8, 1.2] };
}

/** When to try again after failed attempt number `attempt`: the instant, and its delay from `now` in whole ms (for logs). */
export function retryAfter(attempt: number, backoff: Backoff, now: Date): { at: Date; delayMs: number } {
  const delay = backoffDelay(attempt, backoff);
  return { at: new Date(now.getTime() + delay), delayMs: Math.round(delay) };
}
