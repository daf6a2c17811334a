import { MongoRunCoordinator, instanceName } from '../jobs/mongo-run-coordinator.js';
import { jobs } from '../jobs/registry.js';
import { startScheduler } from '../jobs/scheduler.js';
import type { BackgroundService } from './index.js';

/** Runs the scheduled jobs; every server instance runs it, and the coordinator picks one per fire. */
export const schedulerService: BackgroundService = {
  name: 'scheduler',
  start(deps) {
    const coordinator = new MongoRunCoordinator(instanceName(), deps.clock);
    const scheduler = startScheduler({ deps, jobs, coordinator });
    deps.log.info('jobs scheduled', {
      instance: coordinator.instance,
      jobs: scheduler.tasks.map((t) => `${t.job} (${t.expression})`),
    });
    return Promise.resolve(() => scheduler.stop());
  },
};
