import { join, resolve } from 'node:path';
import { WechatyBuilder, type PuppetModuleName, type Wechaty, type WechatyPlugin } from 'wechaty';
import type * as PUPPET from 'wechaty-puppet';
import { ensurePrivateDir } from '../models/shared/db/private-files.js';
import type { BotDeps } from './bot-deps.js';
import { chatArchivePlugin } from './plugins/chat-archive.plugin.js';
import { leadCapturePlugin } from './plugins/lead-capture.plugin.js';
import { repCommandsPlugin } from './plugins/rep-commands.plugin.js';

// The bot is wiring: Wechaty with its puppet, plus plugins that each own one feature.

/** The features every bot runs; optional ones are added by the caller (see bot/main.ts). */
export function corePlugins(deps: BotDeps): WechatyPlugin[] {
  return [leadCapturePlugin(deps), repCommandsPlugin(deps), chatArchivePlugin(deps)];
}

/**
 * Builds the bot. Without a puppet instance, Wechaty resolves the puppet named by WECHATY_PUPPET and
 * the puppet reads its own variables (token, TLS, discovery host); the login session is kept under
 * DATA_DIR/bot so a restart does not need a new scan.
 */
export function createBot(deps: BotDeps, plugins: WechatyPlugin[], puppet?: PUPPET.impls.PuppetInterface): Wechaty {
  const { bot: settings, dataDir } = deps.config;
  let bot: Wechaty;
  if (puppet) {
    bot = WechatyBuilder.build({ puppet });
  } else {
    if (!settings.puppet) {
      throw new Error(
        'WECHATY_PUPPET is not set: the bot needs a puppet (wechaty-puppet-service for WorkPro, wechaty-puppet-mock to try it)',
      );
    }
    const sessionDir = resolve(dataDir, 'bot');
    ensurePrivateDir(sessionDir);
    bot = WechatyBuilder.build({ name: join(sessionDir, settings.name), puppet: settings.puppet as PuppetModuleName });
  }
  bot.use(...plugins);
  return bot;
}
