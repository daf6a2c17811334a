import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../config/logger.js';
import { JobRunModel } from '../../models/shared/job-run.model.js';
import { manualClock, systemClock } from '../../models/shared/clock.js';
import type { AppDeps } from '../../server/app.js';
import type { Job } from '../../server/jobs/job.js';
import { MongoRunCoordinator } from '../../server/jobs/mongo-run-coordinator.js';
import { jobs } from '../../server/jobs/registry.js';
import { startScheduler } from '../../server/jobs/scheduler.js';
import { startWecomEmulator, type WecomEmulator } from '../../server/wecom/emulator/wecom-emulator.js';
import { useTestDatabase } from '../support/database.js';
import { testCorp, testWecomClient, wecomTestConfig } from '../support/wecom.js';

useTestDatabase();

// The WeCom jobs (transfers, re-sync) talk to a real emulator on loopback, like every other job's I/O.
let emulator: WecomEmulator;
let deps: AppDeps;
beforeAll(async () => {
  emulator = await startWecomEmulator({ corp: testCorp, clock: manualClock(new Date()), callbackRetries: 0 });
  const config = wecomTestConfig(emulator.apiBase);
  deps = {
    config,
    clock: systemClock,
    log: silentLogger,
    sessionSecret: 'test-session-secret-0123456789abcdef',
    wecom: testWecomClient(config),
  };
});
afterAll(() => emulator.close());
const everySecond = Object.fromEntries(jobs.map((j) => [j.name, '* * * * * *']));

describe('the scheduler on two app instances sharing one database', () => {
  it('when two instances schedule every job each second, then every fire of every job runs exactly once', async () => {
    const runs: { job: string; fire: string; instance: string }[] = [];
    // The real jobs, each counting its runs before doing its real work.
    const counted = (instance: string): Job[] =>
      jobs.map((job) => ({
        ...job,
        run: async (ctx) => {
          runs.push({ job: job.name, fire: ctx.now.toISOString(), instance });
          return job.run(ctx);
        },
      }));
    const a = new MongoRunCoordinator('instance-a', systemClock);
    const b = new MongoRunCoordinator('instance-b', systemClock);
    const schedulers = [
      startScheduler({ deps, jobs: counted('instance-a'), coordinator: a, schedules: everySecond }),
      startScheduler({ deps, jobs: counted('instance-b'), coordinator: b, schedules: everySecond }),
    ];

    await new Promise((done) => setTimeout(done, 4_500));
    await Promise.all(schedulers.map((s) => s.stop()));
    await new Promise((done) => setTimeout(done, 1_500)); // let runs in flight finish

    for (const job of jobs) {
      const fires = runs.filter((r) => r.job === job.name).map((r) => r.fire);
      expect(fires.length, job.name).toBeGreaterThanOrEqual(3);
      expect(new Set(fires).size, `${job.name} ran a fire twice`).toBe(fires.length);
    }
    // The lease documents agree: one per fire, held by the instance that ran it, and finished.
    const leases = await JobRunModel.find({}).lean();
    const ran = new Map(runs.map((r) => [`${r.job}:${r.fire}`, r.instance]));
    const finished = leases.filter((l) => ran.has(l._id));
    expect(finished).toHaveLength(runs.length);
    expect(finished.every((l) => l.instance === ran.get(l._id) && l.status === 'done')).toBe(true);
    expect(new Set(runs.map((r) => r.instance)).size).toBeGreaterThanOrEqual(1);
  });

  it('when a fire is already leased, then another instance asking for it is refused, and a slow previous fire blocks the next', async () => {
    const a = new MongoRunCoordinator('instance-a', systemClock);
    const b = new MongoRunCoordinator('instance-b', systemClock);
    const key = 'drop-sweep:2026-03-02T02:05:00.000Z';

    const answers = await Promise.all([
      a.shouldRun(key, 60_000),
      b.shouldRun(key, 60_000),
      a.shouldRun(key, 60_000),
      b.shouldRun(key, 60_000),
    ]);
    expect(answers.filter(Boolean)).toHaveLength(1);

    // The first fire is still running when the next one comes: the next is skipped, not run on top.
    expect(await b.shouldRun('drop-sweep:2026-03-02T02:15:00.000Z', 60_000)).toBe(false);
    expect((await JobRunModel.findById('drop-sweep:2026-03-02T02:15:00.000Z').lean())?.status).toBe('skipped');
    await a.recordResult(key, { summary: { dropped: 0 } });
    expect(await b.shouldRun('drop-sweep:2026-03-02T02:25:00.000Z', 60_000)).toBe(true);
  });

  it('when JOB_SCHEDULES turns a job off or names an unknown job, then the scheduler leaves it out or refuses to start', () => {
    const coordinator = new MongoRunCoordinator('instance-a', systemClock);
    const scheduler = startScheduler({ deps, jobs, coordinator, schedules: { 'daily-digest': 'off' } });
    expect(scheduler.tasks.map((t) => t.job)).not.toContain('daily-digest');
    expect(scheduler.tasks).toHaveLength(jobs.length - 1);
    void scheduler.stop();
    expect(() => startScheduler({ deps, jobs, coordinator, schedules: { 'no-such-job': '* * * * *' } })).toThrow(
      /unknown jobs: no-such-job/,
    );
  });
});
