import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// What a job did to an employee's customer (dropped, stake expired) and has not yet told them. The
// notice is written right after the change, one small document per item, so a crash between the
// change and the message cannot lose the news: the next run turns leftover notices into a message.
// Notices are deleted once their message is in the outbox.

const pendingNoticeSchema = new Schema(
  {
    /** `<kind>:<key>`, the key naming the change (e.g. `<customerId>:<version>`), so it is noted once. */
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    employeeId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    customerName: { type: String, required: true },
    /** Why it happened, as a code (drop reason, …). */
    reason: { type: String, default: '' },
    /** The reason in the words the rep reads. */
    detail: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

pendingNoticeSchema.index({ kind: 1 });

export type PendingNotice = InferRawDocTypeFromSchema<typeof pendingNoticeSchema>;
export type NoticeItem = Pick<PendingNotice, 'key' | 'customerId' | 'customerName' | 'reason' | 'detail' | 'at'>;
export const PendingNoticeModel = model('PendingNotice', pendingNoticeSchema, 'pending_notices');
