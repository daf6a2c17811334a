import { JobRunModel } from './job-run.model.js';
import { NoticeMarkModel } from '../messages/notice-mark.model.js';
import { DAY } from './clock.js';

// Bookkeeping of scheduled work that is only needed for a while: job leases and run records (kept a
// month for inspection) and "already told" marks (kept well past any drop date they refer to).

export async function pruneScheduledWorkHistory(
  now: Date,
  options: { jobRunDays?: number; markDays?: number } = {},
): Promise<{ jobRuns: number; marks: number }> {
  const jobRuns = await JobRunModel.deleteMany({
    firedAt: { $lt: new Date(now.getTime() - (options.jobRunDays ?? 30) * DAY) },
  });
  const marks = await NoticeMarkModel.deleteMany({
    at: { $lt: new Date(now.getTime() - (options.markDays ?? 120) * DAY) },
  });
  return { jobRuns: jobRuns.deletedCount, marks: marks.deletedCount };
}
