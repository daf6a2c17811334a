import type { Server } from 'node:http';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { seedCompanyDefaults } from '../models/pool/pool-rules.js';
import { connectDatabase } from '../models/shared/db/database.js';
import { systemClock, type Clock } from '../models/shared/clock.js';
import { followSharedClock, sharedLocalClock } from '../models/shared/local-clock.js';
import { warmUpSegmenter } from '../models/follow-ups/quality/segmenter.js';
import { createApp, type AppDeps } from './app.js';
import { answerMalformedRequests } from './client-errors.js';
import { resolveSessionSecret } from './auth/session.js';
import { backgroundServices } from './services/index.js';
import { applyDemoRoles, startLocalWecom, type LocalWecom } from './wecom/local-mode.js';
import { resyncOrganisation } from './wecom/resync/org-resync.js';
import { databaseTokenStore } from './wecom/token-store.js';
import { createWecomClient } from './wecom/wecom.client.js';

// Entry point: `npm start`. With no settings it runs in local mode on the embedded database.

async function main(): Promise<void> {
  let config = loadConfig();
  const log = createLogger(config.logLevel, { service: 'server' });
  if (config.mode === 'local') {
    log.warn(
      'LOCAL MODE (本地模式): no WeCom credentials are set; WeCom calls go to the local emulator, not a real corp',
    );
  }
  const database = await connectDatabase(config, (line) => log.info(line));
  log.info('database connected', { database: database.description });
  // The environment's pool rules become the company defaults, so CLI jobs and the bot apply the same.
  await seedCompanyDefaults(config);

  let local: LocalWecom | undefined;
  let clock: Clock = systemClock;
  let stopClock = () => {};
  if (config.mode === 'local') {
    // One clock for the server, its jobs and the emulator, moved by `demo advance` (and read by the CLI).
    const shared = await sharedLocalClock();
    stopClock = followSharedClock(shared);
    clock = shared;
    local = await startLocalWecom(config, log, shared);
    config = local.config;
  }
  const wecom = createWecomClient({
    apiBase: config.wecomApiBase,
    credentials: config.wecom,
    tokenStore: databaseTokenStore(),
    log: log.child({ component: 'wecom' }),
  });
  const deps: AppDeps = {
    config,
    clock,
    log,
    sessionSecret: resolveSessionSecret(config),
    wecom,
    // Local mode: the mini-app logs in outside WeCom with a code the emulator issues (POST /api/auth/local-login).
    issueLocalLoginCode: local ? (userId) => local.emulator.state.issueLoginCode(userId) : undefined,
  };
  // The follow-up check's word segmenter loads its dictionary once (~0.5 s): now, not on a rep's first check.
  warmUpSegmenter();
  const app = createApp(deps);
  const server: Server = app.listen(config.port, config.host);
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
  log.info('server listening', {
    url: `http://127.0.0.1:${port}`,
    health: `http://127.0.0.1:${port}/healthz`,
    mode: config.mode,
  });
  if (local) {
    local.connect(port);
    // The demo corp's teams and reps become employees, so its contacts have someone to belong to.
    await resyncOrganisation({ ...deps, log }, { dryRun: false, errors: [] });
    await applyDemoRoles();
    log.info('local mode: add a demo WeCom contact with `npm run cli -- demo add-contact`');
  }

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
    stopClock();
    await local?.close();
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
