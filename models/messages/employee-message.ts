import { employeeMessageChannel } from './message-channel.js';
import type { Collection } from 'mongodb';
import { OutboundMessageModel, type MessageChannel, type OutboundMessage } from './outbound-message.model.js';
import { groupedInsert } from '../shared/grouped-writes.js';

// Every message to an employee goes through the outbox (OutboundMessageModel) by enqueueMessages, with
// a deterministic _id chosen by the producer, so producing the same message twice sends it once; the
// channel routing and WeCom's :00/:30 hold apply to all of them.

/** WeCom app-message bodies (server/wecom/README.md §3.3) without touser/agentid; the senders add those. */
export type WecomMessagePayload =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'textcard'; textcard: { title: string; description: string; url: string; btntxt?: string } }
  | { msgtype: 'template_card'; template_card: Record<string, unknown> & { card_type: string } };

export interface EmployeeMessage {
  /** Dedupe key, e.g. `warning:<userId>:<date>:<digest>`. */
  id: string;
  /** WeCom userid of the recipient. */
  toUserId: string;
  kind: string;
  payload: WecomMessagePayload;
  /** A fixed channel; without one the message is routed (the bot while it takes notices, else the WeCom app). */
  channel?: MessageChannel;
}

/** WeCom's limit for text and markdown content, in UTF-8 bytes. */
export const MAX_CONTENT_BYTES = 2048;

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cuts text to at most maxBytes of UTF-8 without splitting a character, marking the cut with "…". */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) {
    return text;
  }
  const ellipsis = '…';
  let out = '';
  let used = byteLength(ellipsis);
  for (const char of text) {
    const size = byteLength(char);
    if (used + size > maxBytes) {
      break;
    }
    out += char;
    used += size;
  }
  return out + ellipsis;
}

/**
 * Packs blocks of text into as few messages as possible, each within maxBytes; a block too large for
 * a message of its own is truncated. Blocks are joined with a blank line and never reordered.
 */
export function packBlocks(blocks: readonly string[], maxBytes = MAX_CONTENT_BYTES): string[] {
  const parts: string[] = [];
  let current = '';
  for (const raw of blocks) {
    const block = truncateToBytes(raw, maxBytes);
    const joined = current ? `${current}\n\n${block}` : block;
    if (byteLength(joined) <= maxBytes) {
      current = joined;
    } else {
      parts.push(current);
      current = block;
    }
  }
  if (current) {
    parts.push(current);
  }
  return parts;
}

export function textMessage(content: string): WecomMessagePayload {
  return { msgtype: 'text', text: { content } };
}

export function markdown(content: string): WecomMessagePayload {
  return { msgtype: 'markdown', markdown: { content: truncateToBytes(content, MAX_CONTENT_BYTES) } };
}

/**
 * WeCom asks senders to avoid :00 and :30 (server/wecom/README.md §3.3), when every corp's scheduled pushes peak:
 * a message produced in the minute before or after is held until two minutes past.
 */
export function sendableAt(now: Date): Date {
  const minute = now.getUTCMinutes() % 30;
  if (minute === 29 || minute === 0 || minute === 1) {
    const base = new Date(now);
    base.setUTCSeconds(0, 0);
    const add = minute === 29 ? 3 : 2 - minute;
    return new Date(base.getTime() + add * 60_000);
  }
  return now;
}

type Outgoing = Omit<OutboundMessage, '_id' | 'createdAt' | 'updatedAt'> & {
  _id: string;
  createdAt: Date;
  updatedAt: Date;
};

// Concurrent producers (a burst of WeCom leads) share one insert (models/shared/grouped-writes.ts).
const insertMessage = groupedInsert(() => OutboundMessageModel.collection as unknown as Collection<Outgoing>);

/**
 * The stored document of a message, as the model would write it (its defaults and timestamps), cast and checked
 * by the model's own validators (Model.validate: no document is built); null when the model refuses it.
 */
async function outboxDocument(
  m: EmployeeMessage,
  routed: MessageChannel,
  nextAttemptAt: Date,
): Promise<Outgoing | null> {
  const stamped = new Date();
  const doc = {
    ...{ _id: m.id, toUserId: m.toUserId, kind: m.kind, channel: m.channel ?? routed, payload: m.payload },
    ...{ status: 'pending' as const, attempts: 0, nextAttemptAt, leaseUntil: null, sentAt: null, lastError: '' },
    ...{ createdAt: stamped, updatedAt: stamped },
  };
  try {
    // The values are of the model's types already; its cast copy leaves out the null defaults a save stores.
    await OutboundMessageModel.validate(doc);
    return doc;
  } catch {
    return null;
  }
}

/**
 * Inserts messages into the outbox; ones already there (same id) are left as they are, and ones the outbox model
 * refuses (no recipient, an unknown channel…) are not stored (counted as `invalid`).
 */
export async function enqueueMessages(
  messages: readonly EmployeeMessage[],
  now: Date,
): Promise<{ queued: number; duplicates: number; invalid?: number }> {
  if (messages.length === 0) {
    return { queued: 0, duplicates: 0 };
  }
  const nextAttemptAt = sendableAt(now);
  const routed = messages.every((m) => m.channel) ? 'wecom' : await employeeMessageChannel(now);
  const docs = await Promise.all(messages.map((m) => outboxDocument(m, routed, nextAttemptAt)));
  const valid = docs.filter((d): d is Outgoing => d !== null);
  const answers = await Promise.all(valid.map(insertMessage));
  const duplicates = answers.filter((a) => a === 'duplicate').length;
  const invalid = docs.length - valid.length;
  return { queued: valid.length - duplicates, duplicates, ...(invalid > 0 ? { invalid } : {}) };
}

/**
 * One message of a heading, as many list lines as fit, a "and N more" line for the rest, and a
 * footer — always within maxBytes, so a rep with a long list still gets exactly one message.
 */
export function fitList(
  head: string,
  lines: readonly string[],
  footer: string,
  more: (hidden: number) => string,
  maxBytes = MAX_CONTENT_BYTES,
): string {
  const compose = (shown: number) =>
    [head, ...lines.slice(0, shown), ...(shown < lines.length ? [more(lines.length - shown)] : []), footer]
      .filter((l) => l !== '')
      .join('\n');
  let shown = lines.length;
  while (shown > 0 && byteLength(compose(shown)) > maxBytes) {
    shown--;
  }
  return truncateToBytes(compose(shown), maxBytes);
}
