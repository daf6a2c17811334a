import type { Server } from 'node:http';
import type { Config } from '../../config/config.js';
import { createLogger } from '../../config/logger.js';
import { connectDatabase } from '../../models/shared/db/database.js';
import { systemClock } from '../../models/shared/clock.js';
import type { AppDeps } from '../app.js';
import { onWecomEventStored } from '../wecom/event-signal.js';
import { databaseTokenStore } from '../wecom/token-store.js';
import { createWecomClient } from '../wecom/wecom.client.js';
import { listen } from './listen.js';
import type { ToInstance } from './instances.js';

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
    wecom: createWecomClient({
      apiBase: config.wecomApiBase,
      credentials: config.wecom,
      tokenStore: databaseTokenStore(),
      log: log.child({ component: 'wecom' }),
    }),
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

let announced = false;

/** One message per turn of the event loop, however many events were stored in it. */
function announceStoredEvent(): void {
  if (!announced) {
    announced = true;
    setImmediate(() => {
      announced = false;
      if (process.connected) {
        process.send?.({ type: 'wecom-event-stored' });
      }
    });
  }
}

function closed(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive connections would hold the close for up to 65 s.
    server.closeIdleConnections();
  });
}

let stopping: Promise<void> | undefined;
let stopInstance: (() => Promise<void>) | undefined;

function stop(): void {
  stopping ??= (stopInstance?.() ?? Promise.resolve()).finally(() => process.exit(0));
}

process.on('message', (message: ToInstance) => {
  if (message.type === 'start' && !stopInstance && !stopping) {
    startInstance(message).then(
      (stopIt) => {
        stopInstance = stopIt;
        if (!process.connected) {
          stop();
        }
      },
      (error: unknown) => {
        console.error('HTTP process start-up failed:', error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  } else if (message.type === 'stop') {
    stop();
  }
});
process.on('disconnect', stop);
process.send?.({ type: 'ready' });
// Signals go to the primary, which stops this process in order; a terminal's Ctrl-C reaches the whole group.
process.on('SIGINT', () => undefined);
