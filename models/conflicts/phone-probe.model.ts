import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// The distinct full numbers one employee checked on one business day behind one masked pattern
// (138****5678): the trace of someone filling in the hidden digits of a number the product masked.

const phoneProbeSchema = new Schema(
  {
    /** `${employeeId}:${pattern}:${businessDate}`. */
    _id: { type: String, required: true },
    employeeId: { type: Schema.Types.ObjectId, ref: 'Employee', required: true },
    pattern: { type: String, required: true },
    numbers: { type: [String], default: [] },
    /** Set once ops have been told, so they are told once. */
    reportedAt: { type: Date, default: null },
    /** The end of the business day; real MongoDB removes spent records through the TTL index. */
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

phoneProbeSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type PhoneProbe = InferRawDocTypeFromSchema<typeof phoneProbeSchema>;
export const PhoneProbeModel = model('PhoneProbe', phoneProbeSchema, 'phone_probes');
