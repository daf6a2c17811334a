import type { Wechaty } from 'wechaty';
import {
  dueBotMessages,
  leaseBotMessage,
  oldestUnsentBotMessage,
  settleBotMessage,
  type BotMessageOutcome,
} from '../../models/messages/bot-outbox.js';
import type { OutboundMessage } from '../../models/messages/outbound-message.model.js';
import { reserveSendSlot } from '../../models/messages/send-rate.js';
import type { BotDeps } from '../bot-deps.js';
import { contactOfEmployee } from '../identity/contact-of-employee.js';
import { plainTextOf } from './plain-text.js';
import { backoffDelay } from '../../models/shared/backoff.js';

// Delivers outbox messages addressed to the bot channel (nudges, reclaim warnings, digests) as chat
// messages from the bot's account. Like the WeCom app sender: one recipient's messages go out one at
// a time in the order produced, each under a lease, within the per-recipient rate limits; failures
// are retried with backoff. A recipient the bot cannot reach is handed to the WeCom app instead.

/** Takes a send slot for the recipient now, or says when to try again. */
export type SendSlots = (userId: string, now: Date) => Promise<{ ok: true } | { ok: false; retryAt: Date }>;

/**
 * The WeCom app's per-recipient limits (models/messages/send-rate.ts), counted separately for the bot:
 * like WeCom's, the limit is per sender, and the bot is a different sender than the app.
 */
export const botSendSlots: SendSlots = (userId, now) => reserveSendSlot(`bot:${userId}`, now);

export interface BotSenderOptions {
  pollMs: number;
  leaseMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const defaultSenderOptions: BotSenderOptions = {
  pollMs: 1000,
  leaseMs: 60_000,
  backoffBaseMs: 5_000,
  backoffMaxMs: 15 * 60_000,
};

export interface BotSender {
  /** One pass over the due messages; resolves when it is done. */
  tick(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

type Deliver = (message: OutboundMessage) => Promise<BotMessageOutcome>;

/** One message by chat: handed to the WeCom app when the bot cannot reach the employee, retried with backoff. */
function deliverer(bot: Wechaty, deps: BotDeps, slots: SendSlots, options: BotSenderOptions): Deliver {
  return async (message) => {
    const now = deps.clock.now();
    const text = plainTextOf(message.payload);
    if (!text) {
      return { status: 'failed', error: 'the payload has no readable text' };
    }
    const recipient = await contactOfEmployee(bot, message.toUserId);
    if (!recipient) {
      return {
        status: 'handover',
        at: now,
        error: `the bot cannot reach ${message.toUserId}; handed to the WeCom app`,
      };
    }
    const slot = await slots(message.toUserId, now);
    if (!slot.ok) {
      return { status: 'retry', at: slot.retryAt, error: 'rate limit for this recipient', notAnAttempt: true };
    }
    try {
      await recipient.say(text);
      return { status: 'sent', at: deps.clock.now() };
    } catch (error) {
      const delay = backoffDelay(message.attempts, { baseMs: options.backoffBaseMs, maxMs: options.backoffMaxMs });
      return {
        status: 'retry',
        at: new Date(now.getTime() + delay),
        error: error instanceof Error ? error.message : String(error),
      };
    }
  };
}

/** Sends one recipient's due messages in order; stops at the first that cannot go now, to keep the order. */
async function sendInOrder(
  deliver: Deliver,
  deps: BotDeps,
  options: BotSenderOptions,
  messages: OutboundMessage[],
): Promise<void> {
  messages.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a._id.localeCompare(b._id));
  for (const due of messages) {
    if ((await oldestUnsentBotMessage(due.toUserId)) !== due._id) {
      // An older message of this recipient is still waiting: this one goes after it.
      return;
    }
    const leased = await leaseBotMessage(due._id, deps.clock.now(), options.leaseMs);
    if (!leased) {
      return;
    }
    const outcome = await deliver(leased);
    if (!(await settleBotMessage(leased, outcome))) {
      deps.log.warn('bot message lease lost before settling', { messageId: leased._id });
    }
    if (outcome.status === 'retry') {
      return;
    }
  }
}

export function botSender(
  bot: Wechaty,
  deps: BotDeps,
  slots: SendSlots,
  options: BotSenderOptions = defaultSenderOptions,
): BotSender {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const deliver = deliverer(bot, deps, slots, options);

  const pass = async () => {
    if (!deps.account.online) {
      return;
    }
    const due = await dueBotMessages(deps.clock.now());
    const byRecipient = new Map<string, OutboundMessage[]>();
    for (const message of due) {
      byRecipient.set(message.toUserId, [...(byRecipient.get(message.toUserId) ?? []), message]);
    }
    await Promise.all([...byRecipient.values()].map((messages) => sendInOrder(deliver, deps, options, messages)));
  };

  const tick = () => {
    // Passes never overlap: a slow pass delays the next one instead of racing it.
    current = current.then(pass).catch((error: unknown) => deps.log.error('bot message delivery failed', { error }));
    return current;
  };

  return {
    tick,
    start() {
      timer ??= setInterval(() => void tick(), options.pollMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await current;
    },
  };
}
