import { sendDigests } from '../../models/digest/send-digests.js';
import { sendOverdueFollowUps } from '../../models/follow-ups/overdue-follow-ups.js';
import type { Job } from './job.js';
import { domainContextOf } from './job-context.js';

export const dailyDigestJob: Job = {
  name: 'daily-digest',
  schedule: '30 18 * * *',
  description:
    "理单日报: each manager gets their teams' evening review, ops the company's; overdue planned follow-ups to reps, escalated to managers",
  async run(ctx) {
    const result = await sendDigests(
      { dryRun: ctx.dryRun, miniappAppId: ctx.deps.config.miniappAppId },
      domainContextOf('daily-digest', ctx),
    );
    // Overdue planned follow-ups go out with the review: to each rep, and past the department's days to the manager.
    const overdue = await sendOverdueFollowUps({ dryRun: ctx.dryRun }, domainContextOf('daily-digest', ctx));
    return {
      overdueReps: overdue.byRep.size,
      escalatedReps: overdue.escalated.length,
      digests: result.digests.length,
      alreadySent: result.alreadySent.length,
      messages: result.messages.length,
      alarms: result.digests.filter((d) => d.digest.team.alarm.noNewAClass).map((d) => d.recipient),
    };
  },
};
