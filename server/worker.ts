import type { Config } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { connectDatabase } from '../models/shared/db/database.js';
import { systemClock, type Clock } from '../models/shared/clock.js';
import { followSharedClock, sharedLocalClock } from '../models/shared/local-clock.js';
import type { AppDeps } from './app.js';
import { backgroundServices } from './services/index.js';
import type { ToWorker } from './services/worker-process.js';
import { wecomEventStored } from './wecom/event-signal.js';
import { runAsChildProcess } from './child-process-lifecycle.js';
import { corpWecomClient } from './wecom/corp-client.js';

// The worker process (BACKGROUND_WORKERS=process, the default): forked by server/main.ts, it runs every
// background service (WeCom event processing, outbound messages, scheduled jobs) on its own event loop and
// core, so that work never delays the HTTP process answering WeCom's callbacks within 5 s. It joins the
// HTTP process's database (never starts one), follows local mode's shared clock, and ends when told to,
// or when its parent is gone (the IPC channel closes), after the work in flight.

type StartMessage = Extract<ToWorker, { type: 'start' }>;

async function startWorker(start: StartMessage): Promise<() => Promise<void>> {
  const config: Config = { ...start.config, mongodbUri: start.databaseUri };
  const log = createLogger(config.logLevel, { service: 'worker' });
  const database = await connectDatabase(config);
  let clock: Clock = systemClock;
  let stopClock = () => {};
  if (config.mode === 'local') {
    const shared = await sharedLocalClock();
    stopClock = followSharedClock(shared);
    clock = shared;
  }
  const deps: AppDeps = {
    config,
    clock,
    log,
    sessionSecret: start.sessionSecret,
    wecom: corpWecomClient(config, log),
  };
  const stops: (() => Promise<void>)[] = [];
  for (const service of backgroundServices(start.share)) {
    stops.push(await service.start(deps));
    log.info('service started', { service: service.name, pid: process.pid });
  }
  return async () => {
    for (const stopService of stops.reverse()) {
      await stopService().catch((error: unknown) => log.error('service failed to stop', { error }));
    }
    stopClock();
    await database.close();
  };
}

const stop = runAsChildProcess<ToWorker>({
  what: 'worker',
  start: (message) => startWorker(message as StartMessage),
  started: () => process.send?.({ type: 'started' }),
  other: (message) => {
    if (message.type === 'wecom-event-stored') {
      wecomEventStored(message.count ?? 1);
    }
  },
});
process.on('SIGTERM', stop);
