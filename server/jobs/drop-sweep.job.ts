import { sweepDrops } from '../../models/drops/drop-sweep.js';
import type { Job } from './job.js';
import { domainContextOf, sample } from './job-context.js';

export const dropSweepJob: Job = {
  name: 'drop-sweep',
  // Every 10 minutes, off the :00/:30 marks WeCom asks senders to avoid.
  schedule: '5-59/10 * * * *',
  description: '掉保: customers past their protection return to the public pool; each rep hears once what they lost',
  async run(ctx) {
    const result = await sweepDrops({ dryRun: ctx.dryRun }, domainContextOf('drop-sweep', ctx));
    if (result.failed.length > 0) {
      ctx.log.warn('some drops failed', { failed: sample(result.failed) });
    }
    return {
      due: result.due,
      dropped: result.dropped,
      skipped: result.skipped,
      failed: result.failed.length,
      messages: result.messages.length,
      ...(result.wouldDrop ? { wouldDrop: sample(result.wouldDrop) } : {}),
    };
  },
};
