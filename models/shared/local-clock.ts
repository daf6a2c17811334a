import type { Clock } from './clock.js';
import { LOCAL_CLOCK_ID, LocalClockModel } from './local-clock.model.js';

// One clock for the whole local system: the system time plus an offset kept in the database.
// `demo advance` moves it for the server, its jobs and the emulator at once (so the emulator's signed
// callbacks stay within the server's timestamp window), and the CLI and the bot read the same offset.

export interface SharedClock extends Clock {
  /** How far this clock runs ahead of the system time. */
  offsetMs(): number;
  /** Moves every process's clock forward; resolves once the new offset is stored. */
  advance(ms: number): Promise<void>;
  /** Re-reads the offset another process may have moved. */
  refresh(): Promise<void>;
}

async function storedOffset(): Promise<number> {
  const doc = await LocalClockModel.findById(LOCAL_CLOCK_ID).lean();
  return doc?.offsetMs ?? 0;
}

/** The local system's clock, read from the database once; call refresh() to follow other processes. */
export async function sharedLocalClock(): Promise<SharedClock> {
  let offset = await storedOffset();
  return {
    now: () => new Date(Date.now() + offset),
    offsetMs: () => offset,
    async advance(ms) {
      if (!Number.isFinite(ms) || ms <= 0) {
        throw new Error('the local clock only moves forward');
      }
      const doc = await LocalClockModel.findOneAndUpdate(
        { _id: LOCAL_CLOCK_ID },
        { $inc: { offsetMs: ms } },
        { upsert: true, new: true },
      ).lean();
      offset = doc?.offsetMs ?? offset + ms;
    },
    async refresh() {
      offset = await storedOffset();
    },
  };
}

/** Keeps a shared clock in step with the database every intervalMs; returns the stop function. */
export function followSharedClock(clock: SharedClock, intervalMs = 2000): () => void {
  const timer = setInterval(() => void clock.refresh().catch(() => undefined), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
