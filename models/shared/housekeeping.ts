import { JobRunModel } from './job-run.model.js';
import { DAY } from './clock.js';
import { RateLimitCounterModel } from './rate-limit-counter.model.js';

// Bookkeeping that is only needed for a while: job leases and run records, kept a month for inspection,
// and spent rate-limit windows. Real MongoDB expires the windows through their TTL index; the embedded
// database has no TTL indexes, so the nightly job deletes them (on MongoDB it finds few or none).
// (The "already told" marks of messages are pruned by models/messages/, probes of masked phones by
// models/conflicts/.)

export async function pruneJobRuns(now: Date, days = 30): Promise<number> {
  const jobRuns = await JobRunModel.deleteMany({ firedAt: { $lt: new Date(now.getTime() - days * DAY) } });
  return jobRuns.deletedCount;
}

/** Deletes rate-limit windows that have ended (what the TTL index does on MongoDB). */
export async function pruneRateLimitCounters(now: Date): Promise<number> {
  return (await RateLimitCounterModel.deleteMany({ expiresAt: { $lt: now } })).deletedCount;
}
