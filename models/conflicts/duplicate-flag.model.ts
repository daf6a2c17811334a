import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// A doubtful duplicate (疑似重复): a customer that was imported (never skipped) although it may be
// the same company as another one. Ops review it: merge the two, or keep both apart for good.

const duplicateFlagSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true, index: true },
    candidateId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** Why the pair is doubtful, e.g. "typo", "name only". */
    reason: { type: String, required: true },
    status: { type: String, enum: ['open', 'merged', 'kept'], default: 'open', index: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type DuplicateFlag = InferRawDocTypeFromSchema<typeof duplicateFlagSchema>;
export const DuplicateFlagModel = model('DuplicateFlag', duplicateFlagSchema, 'duplicate_flags');
