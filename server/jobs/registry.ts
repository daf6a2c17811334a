import type { Job } from './job.js';

/** Every scheduled job; a new job file is added here. */
export const jobs: Job[] = [];
