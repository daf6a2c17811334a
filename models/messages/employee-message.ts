import { employeeMessageChannel } from './message-channel.js';
import { OutboundMessageModel } from './outbound-message.model.js';
import { ignoreDuplicateKeys } from '../shared/duplicate-key.js';

// Messages to employees go through the outbox (OutboundMessageModel) with a deterministic _id chosen
// by the producer, so producing the same message twice sends it once.

/** WeCom app-message bodies (server/wecom/README.md §3.3) without touser/agentid; the sender adds those. */
export type WecomMessagePayload =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'textcard'; textcard: { title: string; description: string; url: string; btntxt?: string } }
  | { msgtype: 'template_card'; template_card: Record<string, unknown> };

export interface EmployeeMessage {
  /** Dedupe key, e.g. `warning:<userId>:<date>:<digest>`. */
  id: string;
  /** WeCom userid of the recipient. */
  toUserId: string;
  kind: string;
  payload: WecomMessagePayload;
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

/** Inserts messages into the outbox; ones already there (same id) are left as they are. */
export async function enqueueMessages(
  messages: readonly EmployeeMessage[],
  now: Date,
): Promise<{ queued: number; duplicates: number }> {
  if (messages.length === 0) {
    return { queued: 0, duplicates: 0 };
  }
  const nextAttemptAt = sendableAt(now);
  const channel = await employeeMessageChannel(now);
  const docs = messages.map((m) => ({
    _id: m.id,
    toUserId: m.toUserId,
    kind: m.kind,
    channel,
    payload: m.payload,
    status: 'pending',
    attempts: 0,
    nextAttemptAt,
  }));
  try {
    await OutboundMessageModel.insertMany(docs, { ordered: false });
    return { queued: docs.length, duplicates: 0 };
  } catch (error) {
    const duplicates = ignoreDuplicateKeys(error);
    return { queued: docs.length - duplicates, duplicates };
  }
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
