import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// Claims per rep per business day: one document per (employee, date), incremented atomically with
// the limit in the filter, so no read-then-write race can exceed it.

const claimCounterSchema = new Schema(
  {
    /** `${employeeId}:${YYYY-MM-DD}` in the business time zone. */
    _id: { type: String, required: true },
    count: { type: Number, required: true, default: 0, min: 0 },
  },
  { versionKey: false },
);

export type ClaimCounter = InferRawDocTypeFromSchema<typeof claimCounterSchema>;
export const ClaimCounterModel = model('ClaimCounter', claimCounterSchema, 'claim_counters');
