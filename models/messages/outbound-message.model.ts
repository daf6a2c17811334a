import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// The outbox of messages to employees (nudges, warnings, digests, rulings, alerts). Producers insert
// with a deterministic _id, so producing twice sends once; a delivery worker sends them through the
// WeCom app (or the bot) with retries, so a WeCom outage delays messages without losing them.

export const messageChannels = ['wecom', 'bot'] as const;
export type MessageChannel = (typeof messageChannels)[number];
export const messageStatuses = ['pending', 'sending', 'sent', 'failed'] as const;

const outboundMessageSchema = new Schema(
  {
    /** Dedupe key chosen by the producer, e.g. `warning:<customerId>:<dropDate>:<days>`. */
    _id: { type: String, required: true },
    /** WeCom userid of the recipient. */
    toUserId: { type: String, required: true },
    /** What produced it: drop, warning, nudge, digest, ruling, loss, alert, … */
    kind: { type: String, required: true },
    channel: { type: String, enum: messageChannels, required: true, default: 'wecom' },
    /** The WeCom message body without touser/agentid: {msgtype, text|markdown|textcard|template_card}. */
    payload: { type: Schema.Types.Mixed, required: true },
    status: { type: String, enum: messageStatuses, required: true, default: 'pending' },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    /** A sender's lease while it is sending; another sender may take over after it expires. */
    leaseUntil: { type: Date, default: null },
    sentAt: { type: Date, default: null },
    lastError: { type: String, default: '' },
  },
  { timestamps: true, versionKey: false },
);

// The senders' due reads (message-sender.ts, bot-outbox.ts): status in (pending, sending), one channel, due by
// now, oldest first. With the sort's fields after the equality prefix, MongoDB merges the two statuses' walks in
// that order and stops at the page (SORT_MERGE); the { status, nextAttemptAt } index this replaces lacked
// createdAt, so each poll read every due message and sorted them in memory: 1,000–2,200 of them, 10–65 ms of the
// embedded server's CPU a poll, while a rate-limited backlog waited. It serves every read by status too.
outboundMessageSchema.index({ status: 1, channel: 1, nextAttemptAt: 1, createdAt: 1 });
outboundMessageSchema.index({ toUserId: 1, createdAt: -1 });

export type OutboundMessage = InferRawDocTypeFromSchema<typeof outboundMessageSchema>;
export const OutboundMessageModel = model('OutboundMessage', outboundMessageSchema, 'outbound_messages');
