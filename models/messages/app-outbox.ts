import { unleased } from '../shared/lease.js';
import { OutboundMessageModel, type OutboundMessage } from './outbound-message.model.js';

// The WeCom app's side of the outbox: messages with channel 'wecom', sent through message/send by
// server/wecom/message-sender.ts (the bot's side is bot-outbox.ts).

/**
 * Messages due now, oldest first, so each recipient's go out in the order produced; those in `excludeIds`
 * (this sender holds them already) left out. Served in order by status_1_channel_1_nextAttemptAt_1_createdAt_1.
 */
export function dueWecomMessages(
  now: Date,
  excludeIds: readonly string[] = [],
  limit = 100,
): Promise<OutboundMessage[]> {
  return OutboundMessageModel.find({
    channel: 'wecom',
    status: { $in: ['pending', 'sending'] },
    nextAttemptAt: { $lte: now },
    ...unleased(now),
    ...(excludeIds.length > 0 ? { _id: { $nin: excludeIds } } : {}),
  })
    .sort({ nextAttemptAt: 1, createdAt: 1 })
    .limit(limit)
    .lean<OutboundMessage[]>();
}
