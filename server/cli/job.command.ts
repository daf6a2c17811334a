import type { AppDeps } from '../app.js';
import { resolveSessionSecret } from '../auth/session.js';
import { findJob, jobs } from '../jobs/registry.js';
import { cliWecomClient, runningEmulatorUrl } from '../wecom/local-mode.js';
import { createWecomClient } from '../wecom/wecom.client.js';
import type { CliCommand } from './commands.js';
import { jobTime } from './job-time.js';

// `npm run cli -- job <name> [--dry-run] [--at <ISO time>]`: runs a scheduled job once by hand, now
// (or as of the given time: a past one, or in local mode a future one the local system first moves to;
// server/cli/job-time.ts), outside the schedule and its coordination. Every job is safe to repeat.
// `npm run cli -- job list` shows the jobs and their schedules.

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export const jobCommand: CliCommand = {
  name: 'job',
  usage: 'job <name>|list [--dry-run] [--at <ISO time>]',
  summary: 'run a scheduled job by hand (drop-sweep, reclaim-warnings, daily-digest, …)',
  async run(args, { config, log, clock }) {
    const [name] = args;
    if (!name || name === 'list') {
      for (const job of jobs) {
        const expression = config.jobSchedules[job.name] ?? job.schedule;
        console.log(`${job.name.padEnd(20)} ${expression.padEnd(18)} ${job.description}`);
      }
      return name ? 0 : 2;
    }
    const job = findJob(name);
    if (!job) {
      console.error(`unknown job: ${name} (known: ${jobs.map((j) => j.name).join(', ')})`);
      return 2;
    }
    const time = await jobTime(config, clock, option(args, '--at'));
    if ('error' in time) {
      console.error(time.error);
      return 2;
    }
    if (time.moved) {
      console.error(time.moved);
    }
    const now = time.at;
    // Only the WeCom jobs call WeCom; in local mode without a running server they fail with a clear message.
    const wecom =
      config.mode === 'wecom' || runningEmulatorUrl(config)
        ? cliWecomClient(config, log)
        : { client: createWecomClient({ apiBase: config.wecomApiBase, credentials: config.wecom, log }), config };
    const deps: AppDeps = {
      config: wecom.config,
      clock,
      log,
      sessionSecret: resolveSessionSecret(config),
      wecom: wecom.client,
    };
    const dryRun = args.includes('--dry-run');
    const started = Date.now();
    const summary = await job.run({ deps, now, dryRun, log: log.child({ job: job.name }) });
    console.log(
      JSON.stringify({ job: job.name, at: now.toISOString(), dryRun, ms: Date.now() - started, ...summary }, null, 2),
    );
    return 0;
  },
};
