import { expireDueStakes } from '../../models/drops/stake-deadlines.js';
import type { Job } from './job.js';
import { domainContextOf, sample, sweepCounts } from './job-context.js';

export const stakeDeadlineJob: Job = {
  name: 'stake-deadlines',
  // Deadlines fall at the start of a business day; hourly catches up after any downtime.
  schedule: '20 * * * *',
  description: '占坑到期: staked customers not greened by their deadline return to the public pool',
  async run(ctx) {
    const result = await expireDueStakes({ dryRun: ctx.dryRun }, domainContextOf('stake-deadlines', ctx));
    return {
      due: result.due,
      expired: result.expired,
      ...sweepCounts(ctx, 'some stake expiries failed', result),
      ...(result.wouldExpire ? { wouldExpire: sample(result.wouldExpire) } : {}),
    };
  },
};
