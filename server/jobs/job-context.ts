import { systemActor, type DomainContext } from '../../models/shared/domain-context.js';
import type { JobContext } from './job.js';

/** The domain context a job acts in: the system, named after the job, at the fire time. */
export function domainContextOf(jobName: string, ctx: JobContext): DomainContext {
  return { actor: systemActor(jobName), now: ctx.now, config: ctx.deps.config };
}

/** At most `limit` entries of a list, for summaries that go to logs. */
export function sample<T>(list: readonly T[], limit = 20): T[] {
  return list.slice(0, limit);
}

/**
 * The part of a sweep's summary every sweep shares: failures and messages as counts, the failures (a sample)
 * logged as a warning under `failureNote`.
 */
export function sweepCounts(
  ctx: JobContext,
  failureNote: string,
  result: { failed: readonly unknown[]; messages: readonly unknown[] },
): { failed: number; messages: number } {
  if (result.failed.length > 0) {
    ctx.log.warn(failureNote, { failed: sample(result.failed) });
  }
  return { failed: result.failed.length, messages: result.messages.length };
}
