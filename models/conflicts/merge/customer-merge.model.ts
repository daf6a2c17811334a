import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// A merge of two customers in progress or done (疑似重复 review). Its _id is the absorbed customer's,
// so a customer is merged at most once and a retried request finds the merge it started. Every step
// of a merge is a single-document atomic update that is safe to repeat; a merge a crash left running
// is finished by running it again (a retry, or the nightly reconciler).

const customerMergeSchema = new Schema(
  {
    /** The absorbed customer (it becomes a tombstone pointing at the survivor). */
    _id: { type: Schema.Types.ObjectId, required: true },
    survivorId: { type: Schema.Types.ObjectId, required: true },
    /** The 疑似重复 flag the merge settles, if it came from one. */
    flagId: { type: Schema.Types.ObjectId, default: null },
    requestedBy: { type: Schema.Types.ObjectId, default: null },
    actorName: { type: String, default: '' },
    reason: { type: String, default: '' },
    status: { type: String, enum: ['running', 'done'], required: true, default: 'running' },
    /** Set once the absorbed holder's pool counter was given back (never twice). */
    countersReleasedAt: { type: Date, default: null },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { versionKey: false },
);

customerMergeSchema.index({ status: 1, startedAt: 1 });
customerMergeSchema.index({ survivorId: 1 });

export type CustomerMerge = InferRawDocTypeFromSchema<typeof customerMergeSchema>;
export const CustomerMergeModel = model('CustomerMerge', customerMergeSchema, 'customer_merges');
