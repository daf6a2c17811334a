import { JobRunModel } from './job-run.model.js';
import { DAY } from './clock.js';

// Bookkeeping of scheduled work that is only needed for a while: job leases and run records, kept a
// month for inspection. (The "already told" marks of messages are pruned by models/messages/.)

export async function pruneJobRuns(now: Date, days = 30): Promise<number> {
  const jobRuns = await JobRunModel.deleteMany({ firedAt: { $lt: new Date(now.getTime() - days * DAY) } });
  return jobRuns.deletedCount;
}
