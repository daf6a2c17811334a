import { sendReclaimWarnings } from '../../models/drops/reclaim-warnings.js';
import type { Job } from './job.js';
import { domainContextOf, sample } from './job-context.js';

export const reclaimWarningJob: Job = {
  name: 'reclaim-warnings',
  schedule: '0 9 * * *',
  description:
    '掉保预警: owners of customers dropping within the warning days (default 3 and 1) are told when and how to save them',
  async run(ctx) {
    const result = await sendReclaimWarnings({ dryRun: ctx.dryRun }, domainContextOf('reclaim-warnings', ctx));
    return {
      candidates: result.candidates,
      warnings: result.warnings.length,
      alreadyWarned: result.alreadyWarned,
      messages: result.messages.length,
      ...(ctx.dryRun
        ? {
            wouldWarn: sample(
              result.warnings.map((w) => ({ customer: w.customerName, dropDate: w.dropDate, day: w.warningDay })),
            ),
          }
        : {}),
    };
  },
};
