import { sendFollowUpNudges } from '../../models/follow-ups/follow-up-nudges.js';
import type { Job } from './job.js';
import { domainContextOf } from './job-context.js';

export const followUpNudgeJob: Job = {
  name: 'follow-up-nudges',
  schedule: '30 9 * * *',
  description:
    '跟进提醒: planned follow-ups due, graded customers gone quiet, WeCom leads never followed up — one message per rep',
  async run(ctx) {
    const result = await sendFollowUpNudges({ dryRun: ctx.dryRun }, domainContextOf('follow-up-nudges', ctx));
    const all = [...result.nudges.values()].flat();
    return {
      reps: result.nudges.size,
      planned: all.filter((n) => n.kind === 'planned').length,
      quietGraded: all.filter((n) => n.kind === 'grade').length,
      untouchedLeads: all.filter((n) => n.kind === 'lead').length,
      messages: result.messages.length,
    };
  },
};
