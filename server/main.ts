import type { Server } from 'node:http';
import { loadConfig, type Config } from '../config/config.js';
import { createLogger, type Logger } from '../config/logger.js';
import { connectDatabase } from '../models/shared/db/database.js';
import { systemClock } from '../models/shared/clock.js';
import { warmUpSegmenter } from '../models/follow-ups/quality/segmenter.js';
import { createApp, type AppDeps } from './app.js';
import { answerMalformedRequests } from './client-errors.js';
import { resolveSessionSecret } from './auth/session.js';
import { backgroundServices } from './services/index.js';
import { startLocalWecom, type LocalWecom } from './wecom/local-mode.js';
import { resyncOrganisation } from './wecom/resync/org-resync.js';
import { databaseTokenStore } from './wecom/token-store.js';
import { createWecomClient } from './wecom/wecom.client.js';

// Entry point: `npm start`. With no settings it runs in local mode on the embedded database.

/** The database, and in local mode the WeCom emulator the configuration then points at. */
async function connectBackends(config: Config, log: Logger) {
  if (config.mode === 'local') {
    log.warn(
      'LOCAL MODE (本地模式): no WeCom credentials are set; WeCom calls go to the local emulator, not a real corp',
    );
  }
  const database = await connectDatabase(config, (line) => log.info(line));
  log.info('database connected', { database: database.description });
  const local = config.mode === 'local' ? await startLocalWecom(config, log) : undefined;
  return { database, local, config: local?.config ?? config };
}

function appDeps(config: Config, log: Logger, local: LocalWecom | undefined): AppDeps {
  const wecom = createWecomClient({
    apiBase: config.wecomApiBase,
    credentials: config.wecom,
    tokenStore: databaseTokenStore(),
    log: log.child({ component: 'wecom' }),
  });
  return {
    config,
    clock: systemClock,
    log,
    sessionSecret: resolveSessionSecret(config),
    wecom,
    // Local mode: the mini-app logs in outside WeCom with a code the emulator issues (POST /api/auth/local-login).
    issueLocalLoginCode: local ? (userId) => local.emulator.state.issueLoginCode(userId) : undefined,
  };
}

/** Listens on the configured address; resolves with the port actually bound. */
async function listen(deps: AppDeps): Promise<{ server: Server; port: number }> {
  const { config } = deps;
  // The follow-up check's word segmenter loads its dictionary once (~0.5 s): now, not on a rep's first check.
  warmUpSegmenter();
  const server: Server = createApp(deps).listen(config.port, config.host);
  // Longer than the idle timeout of the proxies and clients that keep connections open to us (nginx and
  // cloud load balancers: 60 s); with Node's 5 s default, a request sent on a connection the server is
  // just closing is reset (a proxy reports it as a 502).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  answerMalformedRequests(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  deps.log.info('server listening', {
    url: `http://127.0.0.1:${port}`,
    health: `http://127.0.0.1:${port}/healthz`,
    mode: config.mode,
  });
  return { server, port };
}

async function startServices(deps: AppDeps): Promise<(() => Promise<void>)[]> {
  const stops: (() => Promise<void>)[] = [];
  for (const service of backgroundServices) {
    stops.push(await service.start(deps));
    deps.log.info('service started', { service: service.name });
  }
  return stops;
}

/** Stops once on SIGINT or SIGTERM: no new connections, services in reverse order, then the backends. */
function stopOnSignals(
  log: Logger,
  steps: { server: Server; stops: (() => Promise<void>)[]; close: () => Promise<void> },
) {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info('shutting down', { signal });
    steps.server.close();
    for (const stopService of steps.stops.reverse()) {
      await stopService().catch((error: unknown) => log.error('service failed to stop', { error }));
    }
    await steps.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function main(): Promise<void> {
  const initial = loadConfig();
  const log = createLogger(initial.logLevel, { service: 'server' });
  const { database, local, config } = await connectBackends(initial, log);
  const deps = appDeps(config, log, local);
  const { server, port } = await listen(deps);
  if (local) {
    local.connect(port);
    // The demo corp's teams and reps become employees, so its contacts have someone to belong to.
    await resyncOrganisation({ ...deps, log }, { dryRun: false, errors: [] });
    log.info('local mode: add a demo WeCom contact with `npm run cli -- demo add-contact`');
  }
  const stops = await startServices(deps);
  stopOnSignals(log, {
    server,
    stops,
    close: async () => {
      await local?.close();
      await database.close();
    },
  });
}

main().catch((error: unknown) => {
  console.error('start-up failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
