import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// One handover plan (离职继承 / 在职继承) as ops started it: whose customers, why, by whom, and what
// happened at once — customers inherited directly (no WeCom contact to transfer), released to the pool,
// unstaked. The WeCom transfers it started are followed in wecom_transfers (each carries the reason too).

const handoverRecordSchema = new Schema(
  {
    handoverUserId: { type: String, required: true },
    kind: { type: String, enum: ['onjob', 'resigned'], required: true },
    reason: { type: String, required: true },
    requestedBy: { type: Schema.Types.ObjectId, ref: 'Employee', default: null },
    requestedAt: { type: Date, required: true },
    inherited: { type: [{ _id: false, customerId: Schema.Types.ObjectId, takeoverUserId: String }], default: [] },
    released: { type: [Schema.Types.ObjectId], default: [] },
    unstaked: { type: [Schema.Types.ObjectId], default: [] },
    transfers: { type: Number, default: 0 },
  },
  { versionKey: false },
);

handoverRecordSchema.index({ handoverUserId: 1, requestedAt: 1 });

export type HandoverRecord = InferRawDocTypeFromSchema<typeof handoverRecordSchema>;
export const HandoverRecordModel = model('HandoverRecord', handoverRecordSchema, 'handover_records');
