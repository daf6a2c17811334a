import { sweepDrops } from '../../models/drops/drop-sweep.js';
import type { Job } from './job.js';
import { domainContextOf, sample, sweepCounts } from './job-context.js';

export const dropSweepJob: Job = {
  name: 'drop-sweep',
  // Every 10 minutes, off the :00/:30 marks WeCom asks senders to avoid.
  schedule: '5-59/10 * * * *',
  description: '掉保: customers past their protection return to the public pool; each rep hears once what they lost',
  async run(ctx) {
    const result = await sweepDrops({ dryRun: ctx.dryRun }, domainContextOf('drop-sweep', ctx));
    return {
      due: result.due,
      dropped: result.dropped,
      skipped: result.skipped,
      ...sweepCounts(ctx, 'some drops failed', result),
      ...(result.wouldDrop ? { wouldDrop: sample(result.wouldDrop) } : {}),
    };
  },
};
