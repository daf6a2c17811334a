import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';
import { embedded } from '../shared/schema-builders.js';

// What a job did to employees' customers (dropped, stake expired) and has not yet told them. The notices of
// one step of a job (a sweep's batch: up to a few hundred customers of many employees) are written as one
// document right after the changes, so a crash between the changes and the messages cannot lose the news: the
// next run turns leftover notices into messages. Documents are deleted once their messages are in the outbox.
// A document of an earlier release holds one notice in its top-level fields instead of `notices`; it is read
// the same way.

const noticeFields = {
  employeeId: { type: Schema.Types.ObjectId, required: true },
  /** The key naming the change (e.g. `<customerId>:<version>`), so it is told once. */
  key: { type: String, required: true },
  customerId: { type: Schema.Types.ObjectId, required: true },
  customerName: { type: String, required: true },
  /** Why it happened, as a code (drop reason, …). */
  reason: { type: String, default: '' },
  /** The reason in the words the rep reads. */
  detail: { type: String, default: '' },
  at: { type: Date, required: true },
};

const pendingNoticeSchema = new Schema(
  {
    /** `<kind>:<key>` of a single notice, `<kind>:<digest of the keys>` of several. */
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    notices: { type: [embedded(noticeFields)], default: undefined },
    // One notice of an earlier release's document.
    employeeId: Schema.Types.ObjectId,
    key: String,
    customerId: Schema.Types.ObjectId,
    customerName: String,
    reason: String,
    detail: String,
    at: Date,
  },
  { versionKey: false },
);

pendingNoticeSchema.index({ kind: 1 });

export type PendingNotice = InferRawDocTypeFromSchema<typeof pendingNoticeSchema>;
export type NoticeItem = {
  key: string;
  customerId: NonNullable<PendingNotice['customerId']>;
  customerName: string;
  reason: string;
  detail: string;
  at: Date;
};
export type StoredNotice = NoticeItem & { employeeId: NonNullable<PendingNotice['employeeId']> };
export const PendingNoticeModel = model('PendingNotice', pendingNoticeSchema, 'pending_notices');
