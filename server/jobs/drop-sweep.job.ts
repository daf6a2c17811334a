import { sweepDrops } from '../../models/drops/drop-sweep.js';
import { sample, sweepJob } from './job-context.js';

export const dropSweepJob = sweepJob({
  name: 'drop-sweep',
  // Every 10 minutes, off the :00/:30 marks WeCom asks senders to avoid.
  schedule: '5-59/10 * * * *',
  description: '掉保: customers past their protection return to the public pool; each rep hears once what they lost',
  sweep: sweepDrops,
  counts: (result) => ({ due: result.due, dropped: result.dropped, skipped: result.skipped }),
  failureNote: 'some drops failed',
  planned: (result) => result.wouldDrop && { wouldDrop: sample(result.wouldDrop) },
});
