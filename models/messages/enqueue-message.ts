import { OutboundMessageModel } from './outbound-message.model.js';
import { isDuplicateKeyError } from '../shared/duplicate-key.js';

// Producing a message to an employee: one insert into the outbox with the producer's dedupe key, so
// producing the same message twice (a retried event, a re-run job) sends it once. The message sender
// delivers it later through WeCom.

export type OutboundPayload =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'textcard'; textcard: { title: string; description: string; url: string; btntxt?: string } }
  | { msgtype: 'template_card'; template_card: Record<string, unknown> };

export function textMessage(content: string): OutboundPayload {
  return { msgtype: 'text', text: { content } };
}

/** Queues a message; returns false when a message with this id was queued before. */
export async function enqueueMessage(
  input: { id: string; toUserId: string; kind: string; payload: OutboundPayload; channel?: 'wecom' | 'bot' },
  now: Date,
): Promise<boolean> {
  try {
    await OutboundMessageModel.create({
      _id: input.id,
      toUserId: input.toUserId,
      kind: input.kind,
      channel: input.channel ?? 'wecom',
      payload: input.payload,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) {
      return false;
    }
    throw error;
  }
}
