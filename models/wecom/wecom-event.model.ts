import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// Every WeCom callback we acknowledged, stored before the 200 went out (server/wecom/README.md §1.4). The _id is the
// dedupe key, so WeCom's retries of the same event are E11000 no-ops. A processor works through
// pending events under a lease, retries failures with backoff and parks an event as failed after its
// last attempt, where ops can see and retry it.

export const wecomEventStatuses = ['pending', 'processing', 'done', 'failed'] as const;
export type WecomEventStatus = (typeof wecomEventStatuses)[number];

const wecomEventSchema = new Schema(
  {
    /** `Event|ChangeType|UserID|ExternalUserID|ChatId|Id|CreateTime` (or `msg|MsgId` for messages). */
    _id: { type: String, required: true },
    /** Event (or MsgType for non-event messages), e.g. change_external_contact. */
    event: { type: String, required: true },
    changeType: { type: String, default: '' },
    /** The decrypted XML exactly as received, so an event can be re-parsed by a later version. */
    xml: { type: String, required: true },
    /**
     * The parsed fields of the XML, stored only by versions before issue 18's last pass: an event's fields are
     * its XML's (read with eventFields, server/wecom/callback/event-fields.ts), so they are no longer stored twice.
     */
    fields: { type: Schema.Types.Mixed },
    /** CreateTime of the event (WeCom's clock). */
    createdAtWecom: { type: Date, default: null },
    receivedAt: { type: Date, required: true },
    /** Which worker process's share the event is in (event-partition.ts); none for events stored before it. */
    partition: { type: Number, default: null },
    status: { type: String, enum: wecomEventStatuses, required: true, default: 'pending' },
    /** How many times a processor took the event. */
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: { type: Date, default: null },
    leaseOwner: { type: String, default: '' },
    processedAt: { type: Date, default: null },
    /** What the handler did, in a few words (for ops), or why the event was ignored. */
    outcome: { type: String, default: '' },
    lastError: { type: String, default: '' },
  },
  { versionKey: false },
);

// The due events in WeCom's order (event-leases.ts): on MongoDB a merge of the status ranges that stops at the batch;
// it also serves every read by status (ops' lists and counts). There is no { status, nextAttemptAt } index: it
// served nothing this one does not, and each stored event and status change wrote it; ensureIndexes drops it from a
// database created before (retiredIndexes in models/shared/db/database.ts).
wecomEventSchema.index({ status: 1, createdAtWecom: 1, receivedAt: 1 });
wecomEventSchema.index({ receivedAt: -1 });

export type WecomEvent = InferRawDocTypeFromSchema<typeof wecomEventSchema>;
export const WecomEventModel = model('WecomEvent', wecomEventSchema, 'wecom_events');
