import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// What a job did to an employee's customers (dropped, stake expired, lead routed) and has not yet
// told them. Each item is appended in the same pass that makes the change, so a crash between the
// change and the message cannot lose the news: the next run turns leftover items into a message.
// One document per (kind, employee); it is emptied once its message is in the outbox.

const noticeItemSchema = new Schema({
  /** Unique within the notice, e.g. `<customerId>:<ledger version>`, so an item is never told twice. */
  key: { type: String, required: true },
  customerId: { type: Schema.Types.ObjectId, required: true },
  customerName: { type: String, required: true },
  /** Why it happened, as a code the renderer explains (drop reason, lead source, …). */
  reason: { type: String, default: '' },
  detail: { type: String, default: '' },
  at: { type: Date, required: true },
}, { _id: false });

const pendingNoticeSchema = new Schema({
  /** `<kind>:<employeeId>`. */
  _id: { type: String, required: true },
  kind: { type: String, required: true },
  employeeId: { type: Schema.Types.ObjectId, required: true },
  items: { type: [noticeItemSchema], default: [] },
}, { versionKey: false });

export type PendingNotice = InferRawDocTypeFromSchema<typeof pendingNoticeSchema>;
export type NoticeItem = PendingNotice['items'][number];
export const PendingNoticeModel = model('PendingNotice', pendingNoticeSchema, 'pending_notices');
