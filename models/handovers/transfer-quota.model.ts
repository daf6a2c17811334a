import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// WeCom lets each customer be transferred at most twice in 90 natural days (errcode 40128). One
// document per external contact keeps the start times of its last two transfers, so a conditional
// update can take a slot atomically: allowed while fewer than two starts lie inside the window.

const transferQuotaSchema = new Schema(
  {
    /** The external_userid. */
    _id: { type: String, required: true },
    /** The last (at most two) transfers started, oldest first; the transfer id makes a retried start count once. */
    starts: {
      type: [
        new Schema(
          { at: { type: Date, required: true }, transferId: { type: String, required: true } },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { versionKey: false },
);

export type TransferQuota = InferRawDocTypeFromSchema<typeof transferQuotaSchema>;
export const TransferQuotaModel = model('TransferQuota', transferQuotaSchema, 'transfer_quotas');
