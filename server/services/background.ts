import type { AppDeps } from '../app.js';
import { backgroundServices } from './index.js';
import { WorkerProcess } from './worker-process.js';

/**
 * Starts the background services where BACKGROUND_WORKERS says: in worker processes of their own (the
 * default: the HTTP event loop only answers requests, and the work gets the other cores; EVENT_WORKERS of them
 * share the WeCom events, the first runs the rest) or in this process. Answers the function that stops them,
 * waiting for the work in flight.
 */
export async function startBackgroundWork(deps: AppDeps, databaseUri: string): Promise<() => Promise<void>> {
  if (deps.config.backgroundWorkers === 'process') {
    const of = deps.config.eventWorkers;
    const workers = Array.from({ length: of }, (_, index) => new WorkerProcess(deps, databaseUri, { index, of }));
    await Promise.all(workers.map((worker) => worker.start()));
    deps.log.info('background work started', { workers: of });
    return async () => {
      await Promise.all(workers.map((worker) => worker.stop()));
    };
  }
  const stops: (() => Promise<void>)[] = [];
  for (const service of backgroundServices()) {
    stops.push(await service.start(deps));
    deps.log.info('service started', { service: service.name });
  }
  deps.log.info('background work started', { workers: 0 });
  return async () => {
    for (const stopService of stops.reverse()) {
      await stopService().catch((error: unknown) => deps.log.error('service failed to stop', { error }));
    }
  };
}
