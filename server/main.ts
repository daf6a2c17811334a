import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { shutDownOnSignals } from '../config/shutdown.js';
import { seedCompanyDefaults } from '../models/pool/pool-rules.js';
import { connectDatabase } from '../models/shared/db/database.js';
import { systemClock, type Clock } from '../models/shared/clock.js';
import { followSharedClock, sharedLocalClock } from '../models/shared/local-clock.js';
import { warmUpSegmenter } from '../models/follow-ups/quality/segmenter.js';
import type { AppDeps } from './app.js';
import { listen, logListening } from './http/listen.js';
import { startHttpInstances } from './http/instances.js';
import { grantFirstAdmins } from './auth/first-admins.js';
import { resolveSessionSecret } from './auth/session.js';
import { startBackgroundWork } from './services/background.js';
import { claimDatabaseForLocalMode } from '../models/shared/db/local-mode-database.js';
import {
  applyDemoRoles,
  localModeRanHere,
  localModeRefusal,
  startLocalWecom,
  type LocalWecom,
} from './wecom/local-mode.js';
import { resyncOrganisation } from './wecom/resync/org-resync.js';
import { corpWecomClient } from './wecom/corp-client.js';

// Entry point: `npm start`. With no settings it runs in local mode on the embedded database.

type Config = ReturnType<typeof loadConfig>;
type Database = Awaited<ReturnType<typeof connectDatabase>>;

interface LocalRun {
  local: LocalWecom | undefined;
  clock: Clock;
  stopClock: () => void;
  config: Config;
}

/** Local mode: the database claimed for it, one shared clock, and the WeCom emulator with its demo corp. */
async function startLocalMode(
  config: Config,
  database: Database,
  earlierLocalMode: boolean,
  log: AppDeps['log'],
): Promise<LocalRun> {
  if (config.mode !== 'local') {
    return { local: undefined, clock: systemClock, stopClock: () => {}, config };
  }
  // The demo corp is seeded (and the re-sync resigns whoever it lacks) only on a database local mode made.
  await claimDatabaseForLocalMode({ earlierLocalMode: database.embedded && earlierLocalMode }).catch(
    async (error: unknown) => {
      await database.close();
      throw error;
    },
  );
  // One clock for the server, its jobs and the emulator, moved by `demo advance` (and read by the CLI).
  const shared = await sharedLocalClock();
  const stopClock = followSharedClock(shared);
  const local = await startLocalWecom(config, log, shared);
  return { local, clock: shared, stopClock, config: local.config };
}

function appDeps(run: LocalRun, log: AppDeps['log']): AppDeps {
  const { config, clock, local } = run;
  return {
    config,
    clock,
    log,
    sessionSecret: resolveSessionSecret(config),
    wecom: corpWecomClient(config, log),
    // Local mode: the mini-app logs in outside WeCom with a code the emulator issues (POST /api/auth/local-login).
    issueLocalLoginCode: local ? (userId) => local.emulator.state.issueMemberLoginCode(userId) : undefined,
    issueLocalOAuthCode: local ? (userId) => local.emulator.state.issueOAuthCode(userId) : undefined,
  };
}

/** Answers HTTP here, or (WEB_CONCURRENCY > 1) in that many HTTP processes sharing the port. */
async function serveHttp(deps: AppDeps, databaseUri: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const count = deps.config.webConcurrency;
  if (count > 1 && deps.config.mode === 'local') {
    deps.log.warn('WEB_CONCURRENCY is ignored in local mode: one HTTP process serves the demo');
  }
  if (count > 1 && deps.config.mode !== 'local') {
    const instances = await startHttpInstances(deps, databaseUri, count);
    logListening(deps, instances.port, count);
    return instances;
  }
  const { server, port } = await listen(deps);
  logListening(deps, port);
  return {
    port,
    stop: () => {
      server.close();
      return Promise.resolve();
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, { service: 'server' });
  if (config.mode === 'local') {
    const refusal = localModeRefusal(config);
    if (refusal) {
      throw new Error(refusal);
    }
    log.warn(
      'LOCAL MODE (本地模式): no WeCom credentials are set; WeCom calls go to the local emulator, not a real corp',
    );
  }
  const earlierLocalMode = localModeRanHere(config);
  const database = await connectDatabase(config, (line) => log.info(line));
  log.info('database connected', { database: database.description });
  // The environment's pool rules become the company defaults, so CLI jobs and the bot apply the same.
  await seedCompanyDefaults(config);
  const run = await startLocalMode(config, database, earlierLocalMode, log);
  const deps = appDeps(run, log);
  // The follow-up check's word segmenter loads its dictionary once (~0.5 s): now, not on a rep's first check.
  warmUpSegmenter();
  const http = await serveHttp(deps, database.uri);
  const { port } = http;
  if (run.local) {
    run.local.connect(port);
    // The demo corp's teams and reps become employees, so its contacts have someone to belong to.
    await resyncOrganisation({ ...deps, log }, { dryRun: false, errors: [] });
    await applyDemoRoles();
    log.info('local mode: add a demo WeCom contact with `npm run cli -- demo add-contact`');
  }
  // The console's first admins (and local mode's demo ops member), once the org is known.
  await grantFirstAdmins(deps).catch((error: unknown) => log.error('start-up roles failed', { error }));
  // Event processing, message sending and jobs: in the worker process (server/worker.ts) unless told otherwise.
  const stopBackground = await startBackgroundWork(deps, database.uri);
  shutDownOnSignals(log, async () => {
    await http.stop();
    // Before the clock, the emulator and the database the worker uses.
    await stopBackground();
    run.stopClock();
    await run.local?.close();
    await database.close();
  });
}

main().catch((error: unknown) => {
  console.error('start-up failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
