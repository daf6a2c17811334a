import { systemActor, type DomainContext } from '../../models/shared/domain-context.js';
import type { Job, JobContext } from './job.js';

/** The domain context a job acts in: the system, named after the job, at the fire time. */
export function domainContextOf(jobName: string, ctx: JobContext): DomainContext {
  return { actor: systemActor(jobName), now: ctx.now, config: ctx.deps.config };
}

/** At most `limit` entries of a list, for summaries that go to logs. */
export function sample<T>(list: readonly T[], limit = 20): T[] {
  return list.slice(0, limit);
}

/** What every sweep answers besides its own counts: the items that failed and the messages it queued. */
interface SweepOutcome {
  failed: readonly unknown[];
  messages: readonly unknown[];
}

/** A job that runs one sweep in the system's name (a schedule plus the sweep, STYLE.md §10). */
export interface SweepJobSpec<R extends SweepOutcome> extends Omit<Job, 'run'> {
  sweep: (options: { dryRun: boolean }, ctx: DomainContext) => Promise<R>;
  /** The sweep's own counts: they open the summary. */
  counts: (result: R) => Record<string, unknown>;
  /** Logged as a warning, with a sample of the failures, when some items failed. */
  failureNote: string;
  /** A dry run's sample of what the sweep would have done; it closes the summary. */
  planned: (result: R) => Record<string, unknown> | undefined;
}

/**
 * The job of a sweep. Its summary: the sweep's counts, then failures and messages as counts (a sample of the
 * failures logged under `failureNote`), then in a dry run what it would have done.
 */
export function sweepJob<R extends SweepOutcome>({
  sweep,
  counts,
  failureNote,
  planned,
  ...job
}: SweepJobSpec<R>): Job {
  return {
    ...job,
    async run(ctx) {
      const result = await sweep({ dryRun: ctx.dryRun }, domainContextOf(job.name, ctx));
      if (result.failed.length > 0) {
        ctx.log.warn(failureNote, { failed: sample(result.failed) });
      }
      return {
        ...counts(result),
        failed: result.failed.length,
        messages: result.messages.length,
        ...planned(result),
      };
    },
  };
}
