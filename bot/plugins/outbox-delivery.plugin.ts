import type { WechatyPlugin } from 'wechaty';
import type { BotDeps } from '../bot-deps.js';
import {
  botSender,
  botSendSlots,
  defaultSenderOptions,
  type BotSenderOptions,
  type SendSlots,
} from '../delivery/bot-sender.js';

// Delivers bot-channel outbox messages (BOT_DELIVERY). The sender polls all along and sends only
// while the account is logged in, so messages wait in the outbox while the bot is down.

export function outboxDeliveryPlugin(
  deps: BotDeps,
  slots: SendSlots = botSendSlots,
  options: BotSenderOptions = defaultSenderOptions,
): WechatyPlugin {
  return (bot) => {
    const sender = botSender(bot, deps, slots, options);
    sender.start();
    return () => {
      void sender.stop();
    };
  };
}
