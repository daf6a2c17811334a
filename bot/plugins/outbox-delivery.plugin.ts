import type { WechatyPlugin } from 'wechaty';
import type { BotDeps } from '../bot-deps.js';
import { botSender, defaultSenderOptions, type BotSenderOptions, type SendSlots } from '../delivery/bot-sender.js';

// Delivers bot-channel outbox messages while the bot is logged in (BOT_DELIVERY).

export function outboxDeliveryPlugin(deps: BotDeps, slots: SendSlots, options: BotSenderOptions = defaultSenderOptions): WechatyPlugin {
  return (bot) => {
    const sender = botSender(bot, deps, slots, options);
    const onLogin = () => sender.start();
    const onLogout = () => void sender.stop();
    bot.on('login', onLogin);
    bot.on('logout', onLogout);
    if (bot.isLoggedIn) {
      sender.start();
    }
    return () => {
      bot.off('login', onLogin);
      bot.off('logout', onLogout);
      void sender.stop();
    };
  };
}
