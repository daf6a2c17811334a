import type { Logger } from '../../config/logger.js';
import type { AppDeps } from '../app.js';

// A job is a schedule plus a function (STYLE.md §10). Each job file exports one Job; the registry
// (server/jobs/registry.ts) lists them and the scheduler wires them to node-cron. Every job must be
// safe to run twice, work in bounded batches with a try/catch per item, and honour dryRun.

export interface JobContext {
  deps: AppDeps;
  /** The fire time (or "now" for a run by hand). */
  now: Date;
  /** Report what would happen without changing anything. */
  dryRun: boolean;
  log: Logger;
}

export interface Job {
  name: string;
  /** node-cron expression, in the business time zone. */
  schedule: string;
  description: string;
  /** Returns a summary of what it did, for logs and the CLI. */
  run(ctx: JobContext): Promise<Record<string, unknown>>;
}
