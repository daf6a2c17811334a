import type { Server } from 'node:http';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { connectDatabase } from '../models/db/database.js';
import { systemClock } from '../models/time/clock.js';
import { createApp, type AppDeps } from './app.js';
import { resolveSessionSecret } from './auth/session.js';
import { backgroundServices } from './services/index.js';

// Entry point: `npm start`. With no settings it runs in local mode on the embedded database.

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, { service: 'server' });
  if (config.mode === 'local') {
    log.warn('LOCAL MODE (本地模式): no WeCom credentials are set; WeCom calls go to the local emulator, not a real corp');
  }
  const database = await connectDatabase(config, (line) => log.info(line));
  log.info('database connected', { database: database.description });

  const deps: AppDeps = { config, clock: systemClock, log, sessionSecret: resolveSessionSecret(config) };
  const app = createApp(deps);
  const server: Server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info('server listening', { url: `http://127.0.0.1:${port}`, health: `http://127.0.0.1:${port}/healthz`, mode: config.mode });

  const stops: (() => Promise<void>)[] = [];
  for (const service of backgroundServices) {
    stops.push(await service.start(deps));
    log.info('service started', { service: service.name });
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info('shutting down', { signal });
    server.close();
    for (const stopService of stops.reverse()) {
      await stopService().catch((error: unknown) => log.error('service failed to stop', { error }));
    }
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('start-up failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
