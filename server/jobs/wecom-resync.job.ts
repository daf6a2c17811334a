import { resyncWecom } from '../wecom/resync/resync.js';
import type { Job } from './job.js';

/** Weekly full re-sync with WeCom: repairs what lost callbacks missed (Sunday 03:30, business time). */
export const wecomResyncJob: Job = {
  name: 'wecom-resync',
  schedule: '30 3 * * 0',
  description: "Re-reads the organisation and every follow user's customers from WeCom and repairs missed changes",
  async run({ deps, dryRun, log }) {
    const report = await resyncWecom({ ...deps, log }, { dryRun });
    return { ...report.organisation, ...report.contacts, errors: report.errors.length };
  },
};
