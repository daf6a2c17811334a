import { OutboundMessageModel, type OutboundMessage } from './outbound-message.model.js';
import { deliveringBotOnline } from './message-channel.js';
import { takeLease, unleased } from '../shared/lease.js';

// The bot's side of the outbox: messages with channel 'bot'. Each send happens under a lease taken
// by one conditional update, so two bot processes never send the same message; the outcome is
// written only by the holder of the lease.

const dueFilter = (now: Date) => ({
  channel: 'bot' as const,
  status: { $in: ['pending' as const, 'sending' as const] },
  nextAttemptAt: { $lte: now },
  ...unleased(now),
});

/** Messages due now, oldest first, so each recipient's messages go out in the order produced. */
export function dueBotMessages(now: Date, limit = 100): Promise<OutboundMessage[]> {
  return OutboundMessageModel.find(dueFilter(now))
    .sort({ nextAttemptAt: 1, createdAt: 1 })
    .limit(limit)
    .lean<OutboundMessage[]>();
}

/**
 * The id of the recipient's oldest message not yet sent (due or not). Messages are delivered in the
 * order produced: while an older one waits (rate limit, backoff), the newer ones wait behind it.
 */
export async function oldestUnsentBotMessage(toUserId: string): Promise<string | null> {
  const oldest = await OutboundMessageModel.findOne(
    { channel: 'bot', toUserId, status: { $in: ['pending', 'sending'] } },
    { _id: 1 },
  )
    .sort({ createdAt: 1, _id: 1 })
    .lean();
  return oldest?._id ?? null;
}

/** Takes the message for sending; null when another sender has it, or it is no longer due. */
export function leaseBotMessage(id: string, now: Date, leaseMs: number): Promise<OutboundMessage | null> {
  return takeLease<OutboundMessage>(OutboundMessageModel, { _id: id, ...dueFilter(now) }, now, leaseMs, {
    $set: { status: 'sending' },
    $inc: { attempts: 1 },
  });
}

export type BotMessageOutcome =
  | { status: 'sent'; at: Date }
  | { status: 'retry'; at: Date; error: string; notAnAttempt?: boolean }
  | { status: 'failed'; error: string }
  /** The bot cannot reach the recipient: the WeCom app sender delivers it instead. */
  | { status: 'handover'; at: Date; error: string };

/** Writes the outcome of a send, if this sender still holds the lease; returns whether it did. */
export async function settleBotMessage(
  message: Pick<OutboundMessage, '_id' | 'leaseUntil'>,
  outcome: BotMessageOutcome,
): Promise<boolean> {
  const set: Record<string, unknown> = { leaseUntil: null };
  const inc: Record<string, number> = {};
  switch (outcome.status) {
    case 'sent':
      Object.assign(set, { status: 'sent', sentAt: outcome.at, lastError: '' });
      break;
    case 'retry':
      Object.assign(set, { status: 'pending', nextAttemptAt: outcome.at, lastError: outcome.error });
      if (outcome.notAnAttempt) {
        inc.attempts = -1;
      }
      break;
    case 'failed':
      Object.assign(set, { status: 'failed', lastError: outcome.error });
      break;
    case 'handover':
      Object.assign(set, { status: 'pending', channel: 'wecom', nextAttemptAt: outcome.at, lastError: outcome.error });
      inc.attempts = -1;
      break;
  }
  const settled = await OutboundMessageModel.updateOne(
    { _id: message._id, status: 'sending', leaseUntil: message.leaseUntil },
    { $set: set, ...(Object.keys(inc).length > 0 ? { $inc: inc } : {}) },
  );
  return settled.modifiedCount > 0;
}

/**
 * With no delivering bot online, bot-channel messages go to the WeCom app instead (a bot banned or
 * down for good must not keep reps' warnings from them). Messages a sender still holds are left to it.
 * Returns how many were handed over.
 */
export async function handOverBotMessages(now: Date, dryRun = false): Promise<number> {
  if (await deliveringBotOnline(now)) {
    return 0;
  }
  const waiting = {
    channel: 'bot' as const,
    status: { $in: ['pending' as const, 'sending' as const] },
    ...unleased(now),
  };
  if (dryRun) {
    return OutboundMessageModel.countDocuments(waiting);
  }
  const moved = await OutboundMessageModel.updateMany(waiting, {
    $set: {
      channel: 'wecom',
      status: 'pending',
      leaseUntil: null,
      lastError: 'no bot online: handed to the WeCom app',
    },
  });
  return moved.modifiedCount;
}
