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
