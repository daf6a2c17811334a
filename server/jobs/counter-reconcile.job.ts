import { resumeMerges } from '../../models/conflicts/merge/merge-customers.js';
import { prunePhoneProbes } from '../../models/conflicts/phone-probes.js';
import { pruneJobRuns, pruneRateLimitCounters } from '../../models/shared/housekeeping.js';
import { pruneNoticeMarks } from '../../models/messages/notice-marks.js';
import { reconcilePoolCounters } from '../../models/pool/reconcile-counters.js';
import { systemActor } from '../../models/shared/domain-context.js';
import type { Job } from './job.js';
import { sample } from './job-context.js';

export const counterReconcileJob: Job = {
  name: 'counter-reconcile',
  schedule: '40 3 * * *',
  description:
    "Nightly: recompute every rep's pool counters from customers, repair and report drift; prune old job records, spent rate-limit windows and past days' phone probes",
  async run(ctx) {
    // Merges a crash left half done are finished first, so the counters are recomputed on settled customers.
    const mergesFinished = ctx.dryRun
      ? 0
      : await resumeMerges({ actor: systemActor('counter-reconcile'), now: ctx.now, config: ctx.deps.config });
    const report = await reconcilePoolCounters({ dryRun: ctx.dryRun });
    if (report.drifts.length > 0) {
      // Drift means a crash between a counter and a customer update (or a bug): worth a look each time.
      ctx.log.warn('pool counter drift', { drifts: sample(report.drifts, 50) });
    }
    const pruned = ctx.dryRun
      ? { jobRuns: 0, marks: 0, rateLimitWindows: 0, phoneProbes: 0 }
      : {
          jobRuns: await pruneJobRuns(ctx.now),
          marks: await pruneNoticeMarks(ctx.now),
          rateLimitWindows: await pruneRateLimitCounters(ctx.now),
          phoneProbes: await prunePhoneProbes(ctx.now),
        };
    return {
      employeesChecked: report.employeesChecked,
      drifts: report.drifts.length,
      repaired: report.drifts.filter((d) => d.repaired).length,
      driftSample: sample(report.drifts, 10),
      ledgerEntriesFlushed: report.ledgerEntriesFlushed,
      mergesFinished,
      pruned,
    };
  },
};
