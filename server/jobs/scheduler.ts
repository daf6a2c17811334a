import cron, { type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { Logger } from '../../config/logger.js';
import type { AppDeps } from '../app.js';
import type { Job } from './job.js';
import type { MongoRunCoordinator } from './mongo-run-coordinator.js';

// Wires the job registry to node-cron: each job on its schedule (or the JOB_SCHEDULES override) in the
// business time zone, coordinated through MongoDB so each fire runs on one instance only.

export interface SchedulerOptions {
  deps: AppDeps;
  jobs: readonly Job[];
  coordinator: MongoRunCoordinator;
  /** Job name → node-cron expression or 'off'; defaults to deps.config.jobSchedules. */
  schedules?: Record<string, string>;
  /** How long a fire's lease blocks the next fire of the same job if the run never reports back. */
  leaseMs?: number;
}

export interface Scheduler {
  tasks: { job: string; expression: string; task: ScheduledTask }[];
  stop(): Promise<void>;
}

function cronLogger(log: Logger): CronLogger {
  const text = (m: string | Error) => (m instanceof Error ? m.message : m);
  return {
    info: (m) => log.debug(m),
    warn: (m) => log.warn(m),
    error: (m, err) => log.error(text(m), { error: err ?? m }),
    debug: (m) => log.debug(text(m)),
  };
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { deps, coordinator } = options;
  const schedules = options.schedules ?? deps.config.jobSchedules;
  const unknown = Object.keys(schedules).filter((name) => !options.jobs.some((j) => j.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `JOB_SCHEDULES names unknown jobs: ${unknown.join(', ')} (known: ${options.jobs.map((j) => j.name).join(', ')})`,
    );
  }
  const tasks: Scheduler['tasks'] = [];
  for (const job of options.jobs) {
    const expression = schedules[job.name] ?? job.schedule;
    if (expression === 'off') {
      deps.log.info('job disabled', { job: job.name });
      continue;
    }
    const log = deps.log.child({ job: job.name });
    const task = cron.createTask(
      expression,
      async (context) => {
        const key = `${job.name}:${context.date.toISOString()}`;
        const started = Date.now();
        try {
          // Fires follow the system time; in local mode the run happens at the shared clock's time.
          const now = new Date(context.date.getTime() + (deps.clock.offsetMs?.() ?? 0));
          const summary = await job.run({ deps, now, dryRun: false, log });
          log.info('job finished', { ms: Date.now() - started, ...summary });
          await coordinator.recordResult(key, { summary });
        } catch (error) {
          log.error('job failed', { error, ms: Date.now() - started });
          await coordinator
            .recordResult(key, { error })
            .catch((e: unknown) => log.error('could not record job failure', { error: e }));
        }
      },
      {
        name: job.name,
        timezone: deps.config.timezone,
        distributed: true,
        runCoordinator: coordinator,
        distributedLease: options.leaseMs ?? 30 * 60_000,
        noOverlap: true,
        logger: cronLogger(log),
      },
    );
    tasks.push({ job: job.name, expression, task });
  }
  for (const { task } of tasks) {
    void task.start();
  }
  return {
    tasks,
    async stop() {
      for (const { task } of tasks) {
        await task.destroy();
      }
    },
  };
}
