import { expireDueStakes } from '../../models/drops/stake-deadlines.js';
import { sample, sweepJob } from './job-context.js';

export const stakeDeadlineJob = sweepJob({
  name: 'stake-deadlines',
  // Deadlines fall at the start of a business day; hourly catches up after any downtime.
  schedule: '20 * * * *',
  description: '占坑到期: staked customers not greened by their deadline return to the public pool',
  sweep: expireDueStakes,
  counts: (result) => ({ due: result.due, expired: result.expired }),
  failureNote: 'some stake expiries failed',
  planned: (result) => result.wouldExpire && { wouldExpire: sample(result.wouldExpire) },
});
