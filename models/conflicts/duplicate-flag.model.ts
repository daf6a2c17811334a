import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// A doubtful duplicate (疑似重复): a customer that was imported (never skipped) although it may be
// the same company as another one. Ops review it: merge the two, or keep both apart for good.

export const duplicateFlagStatuses = ['open', 'merged', 'kept'] as const;
export type DuplicateFlagStatus = (typeof duplicateFlagStatuses)[number];

const duplicateFlagSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true, index: true },
    candidateId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** Why the pair is doubtful, e.g. "typo", "name only". */
    reason: { type: String, required: true },
    status: { type: String, enum: duplicateFlagStatuses, default: 'open' },
    createdAt: { type: Date, required: true },
    /** Who decided (merge or keep both), when, and the customer kept by a merge. */
    decidedBy: { type: Schema.Types.ObjectId, default: null },
    decidedAt: { type: Date, default: null },
    survivorId: { type: Schema.Types.ObjectId, default: null },
    /**
     * Kept apart: the two normalised names, sorted and joined, so a later import never flags a row
     * with one name against a customer with the other again.
     */
    keptKey: { type: String, default: undefined },
  },
  { versionKey: false },
);

duplicateFlagSchema.index({ status: 1, createdAt: -1 });
duplicateFlagSchema.index({ keptKey: 1 }, { sparse: true });

export type DuplicateFlag = InferRawDocTypeFromSchema<typeof duplicateFlagSchema>;
export const DuplicateFlagModel = model('DuplicateFlag', duplicateFlagSchema, 'duplicate_flags');
