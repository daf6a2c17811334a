import type { AppDeps } from '../app.js';
import { backgroundServices } from './index.js';
import { WorkerProcess } from './worker-process.js';

/**
 * Starts the background services where BACKGROUND_WORKERS says: in a worker process of their own (the
 * default: the HTTP event loop only answers requests, and the work gets the second core) or in this
 * process. Answers the function that stops them, waiting for the work in flight.
 */
export async function startBackgroundWork(deps: AppDeps, databaseUri: string): Promise<() => Promise<void>> {
  if (deps.config.backgroundWorkers === 'process') {
    const worker = new WorkerProcess(deps, databaseUri);
    await worker.start();
    return () => worker.stop();
  }
  const stops: (() => Promise<void>)[] = [];
  for (const service of backgroundServices) {
    stops.push(await service.start(deps));
    deps.log.info('service started', { service: service.name });
  }
  return async () => {
    for (const stopService of stops.reverse()) {
      await stopService().catch((error: unknown) => deps.log.error('service failed to stop', { error }));
    }
  };
}
