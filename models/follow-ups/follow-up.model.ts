import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';
import { embedded } from '../shared/schema-builders.js';

export const followUpChannels = ['wecom', 'phone', 'visit', 'meeting', 'email', 'other'] as const;
export type FollowUpChannel = (typeof followUpChannels)[number];

const reasonSchema = embedded({
  code: { type: String, required: true },
  message: { type: String, required: true },
});

const followUpSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, ref: 'Customer', required: true },
    authorId: { type: Schema.Types.ObjectId, ref: 'Employee', required: true },
    contactId: { type: Schema.Types.ObjectId, ref: 'Contact', default: null },
    contactName: { type: String, default: '' },
    channel: { type: String, enum: followUpChannels, required: true, default: 'other' },
    content: { type: String, required: true, maxlength: 5000 },
    nextStep: { type: String, default: '', maxlength: 500 },
    nextFollowUpAt: { type: Date, default: null },
    /** The quality verdict at the time of writing (followUpQuality). */
    quality: {
      valid: { type: Boolean, required: true },
      score: { type: Number, required: true },
      reasons: { type: [reasonSchema], default: [] },
    },
    /** Whether it reset the customer's drop clock (valid, and written by the owner). */
    countedForProtection: { type: Boolean, default: false },
    /** How many later invalid notes replaced this invalid one (the rep edits it, not appends). */
    revisions: { type: Number, default: 0 },
    revisedAt: { type: Date, default: null },
    /** Set when the follow-up planned by nextFollowUpAt has been done or superseded. */
    nextFollowUpDoneAt: { type: Date, default: null },
  },
  { timestamps: true },
);

followUpSchema.index({ customerId: 1, createdAt: -1 });
followUpSchema.index({ authorId: 1, createdAt: -1 });
followUpSchema.index({ nextFollowUpAt: 1, nextFollowUpDoneAt: 1 });
// The evening review reads one window of notes across reps.
followUpSchema.index({ createdAt: -1 });

export type FollowUp = InferRawDocTypeFromSchema<typeof followUpSchema>;
export const FollowUpModel = model('FollowUp', followUpSchema, 'follow_ups');
