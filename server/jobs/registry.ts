import { counterReconcileJob } from './counter-reconcile.job.js';
import { dailyDigestJob } from './daily-digest.job.js';
import { dropSweepJob } from './drop-sweep.job.js';
import { followUpNudgeJob } from './follow-up-nudge.job.js';
import type { Job } from './job.js';
import { reclaimWarningJob } from './reclaim-warning.job.js';
import { stakeDeadlineJob } from './stake-deadline.job.js';
import { wecomResyncJob } from './wecom-resync.job.js';
import { wecomTransfersJob } from './wecom-transfers.job.js';

/** Every scheduled job; a new job file is added here. */
export const jobs: Job[] = [
  dropSweepJob,
  reclaimWarningJob,
  followUpNudgeJob,
  stakeDeadlineJob,
  dailyDigestJob,
  counterReconcileJob,
  wecomTransfersJob,
  wecomResyncJob,
];

export function findJob(name: string): Job | undefined {
  return jobs.find((job) => job.name === name);
}
