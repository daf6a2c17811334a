import { expireDueStakes } from '../../models/drops/stake-deadlines.js';
import type { Job } from './job.js';
import { domainContextOf, sample } from './job-context.js';

export const stakeDeadlineJob: Job = {
  name: 'stake-deadlines',
  // Deadlines fall at the start of a business day; hourly catches up after any downtime.
  schedule: '20 * * * *',
  description: '占坑到期: staked customers not greened by their deadline return to the public pool',
  async run(ctx) {
    const result = await expireDueStakes({ dryRun: ctx.dryRun }, domainContextOf('stake-deadlines', ctx));
    if (result.failed.length > 0) {
      ctx.log.warn('some stake expiries failed', { failed: sample(result.failed) });
    }
    return {
      due: result.due,
      expired: result.expired,
      failed: result.failed.length,
      messages: result.messages.length,
      ...(result.wouldExpire ? { wouldExpire: sample(result.wouldExpire) } : {}),
    };
  },
};
