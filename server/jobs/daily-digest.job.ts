import { sendDigests } from '../../models/digest/send-digests.js';
import type { Job } from './job.js';
import { domainContextOf } from './job-context.js';

export const dailyDigestJob: Job = {
  name: 'daily-digest',
  schedule: '30 18 * * *',
  description: "理单日报: each manager gets their teams' evening review, ops the company's",
  async run(ctx) {
    const result = await sendDigests(
      { dryRun: ctx.dryRun, miniappAppId: ctx.deps.config.miniappAppId },
      domainContextOf('daily-digest', ctx),
    );
    return {
      digests: result.digests.length,
      alreadySent: result.alreadySent.length,
      messages: result.messages.length,
      alarms: result.digests.filter((d) => d.digest.team.alarm.noNewAClass).map((d) => d.recipient),
    };
  },
};
