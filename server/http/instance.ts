import type { Server } from 'node:http';
import type { Config } from '../../config/config.js';
import { createLogger } from '../../config/logger.js';
import { connectDatabase } from '../../models/shared/db/database.js';
import { systemClock } from '../../models/shared/clock.js';
import type { AppDeps } from '../app.js';
import { NUDGE_MS, onWecomEventStored, throttledNudge } from '../wecom/event-signal.js';
import { corpWecomClient } from '../wecom/corp-client.js';
import { listen } from './listen.js';
import type { ToInstance } from './instances.js';
import { runAsChildProcess } from '../child-process-lifecycle.js';

// One HTTP process of WEB_CONCURRENCY > 1 (a Node cluster worker forked by server/http/instances.ts): it joins
// the primary's database (never starts one) and answers requests on the shared port, like a separate server
// instance — everything that must hold across instances (capacity, single ownership, rate limits, sessions, leases)
// lives in the database. The background services stay with the primary (its worker process); a stored WeCom
// event is announced to it, so processing starts at once. Ends when told to, or when the primary is gone.

type StartMessage = Extract<ToInstance, { type: 'start' }>;

async function startInstance(start: StartMessage): Promise<() => Promise<void>> {
  const config: Config = { ...start.config, mongodbUri: start.databaseUri };
  const log = createLogger(config.logLevel, { service: 'server', instance: process.pid });
  const database = await connectDatabase(config);
  const deps: AppDeps = {
    config,
    clock: systemClock,
    log,
    sessionSecret: start.sessionSecret,
    wecom: corpWecomClient(config, log),
  };
  const unsubscribe = onWecomEventStored(announceStoredEvent);
  const { server, port } = await listen(deps);
  log.info('HTTP process listening', { pid: process.pid, port });
  process.send?.({ type: 'listening', port });
  return async () => {
    unsubscribe();
    await closed(server);
    await database.close();
  };
}

/** One message per burst of stored events, as the primary's own nudge (services/worker-process.ts). */
const announceStoredEvent = throttledNudge((count) => {
  if (process.connected) {
    process.send?.({ type: 'wecom-event-stored', count });
  }
}, NUDGE_MS);

function closed(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive connections would hold the close for up to 65 s.
    server.closeIdleConnections();
  });
}

runAsChildProcess<ToInstance>({ what: 'HTTP process', start: (message) => startInstance(message as StartMessage) });
process.send?.({ type: 'ready' });
