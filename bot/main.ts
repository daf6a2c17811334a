import { log as wechatyLog } from 'wechaty';
import { loadConfig } from '../config/config.js';
import { shutDownOnSignals } from '../config/shutdown.js';
import { createLogger } from '../config/logger.js';
import { connectDatabase } from '../models/shared/db/database.js';
import { systemClock } from '../models/shared/clock.js';
import { followSharedClock, sharedLocalClock } from '../models/shared/local-clock.js';
import { warmUpSegmenter } from '../models/follow-ups/quality/segmenter.js';
import type { BotDeps } from './bot-deps.js';
import { superviseBot } from './bot-supervisor.js';
import { corePlugins, createBot } from './create-bot.js';
import { inFlight } from './in-flight.js';
import { outboxDeliveryPlugin } from './plugins/outbox-delivery.plugin.js';
import { tryItPuppet } from './try-it-puppet.js';

// Entry point: `npm run bot`. The bot runs as its own process beside the server, on the same
// configuration and database; a banned or crashed bot never takes the server, the jobs or the
// mini-app down with it, and /healthz reports what this process records.

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, { service: 'bot', bot: config.bot.name });
  if (!config.bot.puppet) {
    log.error(
      'WECHATY_PUPPET is not set: set it to wechaty-puppet-service (with WECHATY_PUPPET_SERVICE_TOKEN) for WorkPro, or wechaty-puppet-mock to try the bot',
    );
    process.exit(1);
  }
  // Wechaty's own log is verbose; ours carries what operators need.
  wechatyLog.level(config.logLevel === 'debug' ? 'info' : config.logLevel === 'silent' ? 'silent' : 'warn');
  const database = await connectDatabase(config, (line) => log.info(line));
  log.info('database connected', { database: database.description });

  // Local mode: the server's shared clock, so `demo advance` moves the bot's "now" too.
  const shared = config.mode === 'local' ? await sharedLocalClock() : undefined;
  if (shared) {
    followSharedClock(shared);
  }
  const deps: BotDeps = {
    config,
    clock: shared ?? systemClock,
    log,
    work: inFlight(log),
    account: { online: false, employee: null },
  };
  // The mock puppet (to try the bot) gets an account that logs in; a real puppet logs in through its service.
  const trial = config.bot.puppet === 'wechaty-puppet-mock' ? tryItPuppet() : undefined;
  const plugins = [...corePlugins(deps), ...(config.bot.delivery ? [outboxDeliveryPlugin(deps)] : [])];
  const bot = createBot(deps, plugins, trial?.puppet);
  const supervisor = superviseBot(bot, deps);
  // The follow-up check's word segmenter loads its dictionary once: before the first 跟进 arrives.
  warmUpSegmenter();
  await supervisor.start();
  trial?.login();
  log.info('bot started', { puppet: config.bot.puppet, account: config.bot.account });

  shutDownOnSignals(log, async () => {
    await supervisor.stop();
    await database.close();
  });
  // A puppet library that rejects a promise nobody awaits must not end the process.
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection in the bot', { error: reason }));
}

main().catch((error: unknown) => {
  console.error('bot start-up failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
