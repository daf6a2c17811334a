// Time is passed in, never read ad hoc, so drop rules and digests can be tested on a fixed clock.

export interface Clock {
  now(): Date;
  /** Local mode's shared clock runs ahead of the system time by this much (models/shared/local-clock.ts). */
  offsetMs?(): number;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ManualClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

/** A clock that only moves when told to; for tests, benchmarks and dry runs. */
export function manualClock(start: Date | string): ManualClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
