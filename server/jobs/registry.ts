import type { Job } from './job.js';
import { wecomResyncJob } from './wecom-resync.job.js';
import { wecomTransfersJob } from './wecom-transfers.job.js';

/** Every scheduled job; a new job file is added here. */
export const jobs: Job[] = [wecomResyncJob, wecomTransfersJob];
