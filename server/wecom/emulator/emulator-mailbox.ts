import type { Clock } from '../../../models/shared/clock.js';

// App messages the emulated corp received (message/send), with WeCom's behaviour: per member at most
// 30 a minute and 1000 an hour per app — anything over is silently dropped, as WeCom does — and the
// duplicate check (same request to the same member within the interval is delivered once).

export interface DeliveredMessage {
  toUserId: string;
  msgtype: string;
  /** The message body for its msgtype, e.g. { content } for text. */
  content: unknown;
  at: Date;
  msgid: string;
}

export class EmulatorMailbox {
  readonly delivered: DeliveredMessage[] = [];
  /** Over WeCom's per-member limits: accepted with errcode 0 but never shown to the member. */
  readonly dropped: DeliveredMessage[] = [];
  duplicatesSuppressed = 0;
  private readonly recent = new Map<string, number>();
  private sequence = 0;

  constructor(private readonly clock: Clock) {}

  receive(toUserId: string, body: Record<string, unknown>): string {
    const now = this.clock.now().getTime();
    const msgtype = String(body.msgtype);
    const content = body[msgtype];
    const msgid = `msg${++this.sequence}`;
    const message: DeliveredMessage = { toUserId, msgtype, content, at: new Date(now), msgid };
    if (body.enable_duplicate_check === 1) {
      const key = `${toUserId}|${msgtype}|${JSON.stringify(content)}`;
      const interval = Math.min(Number(body.duplicate_check_interval ?? 1800), 14_400) * 1000;
      const previous = this.recent.get(key);
      if (previous !== undefined && now - previous < interval) {
        this.duplicatesSuppressed += 1;
        return msgid;
      }
      this.recent.set(key, now);
    }
    const sentToUser = (windowMs: number) =>
      this.delivered.filter((m) => m.toUserId === toUserId && now - m.at.getTime() < windowMs).length;
    if (sentToUser(60_000) >= 30 || sentToUser(3600_000) >= 1000) {
      this.dropped.push(message);
      return msgid;
    }
    this.delivered.push(message);
    return msgid;
  }

  /** Forgets everything received (between tests). */
  reset(): void {
    this.delivered.length = 0;
    this.dropped.length = 0;
    this.duplicatesSuppressed = 0;
    this.recent.clear();
  }

  to(userId: string): DeliveredMessage[] {
    return this.delivered.filter((m) => m.toUserId === userId);
  }

  /** The text of a message, whatever its type, for assertions. */
  static text(message: DeliveredMessage): string {
    const content = message.content as Record<string, unknown> | undefined;
    return JSON.stringify(content ?? {});
  }
}
