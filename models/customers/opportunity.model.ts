import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

import { opportunityStages } from '../org/opportunity-stages.js';
import { embedded } from '../shared/schema-builders.js';

// A deal in progress (商机); its stages are defined with the company's win rates (models/org/).

export { opportunityStages, openOpportunityStages, type OpportunityStage } from '../org/opportunity-stages.js';

const stageChangeSchema = embedded({
  from: { type: String, default: null },
  to: { type: String, required: true },
  at: { type: Date, required: true },
  by: { type: Schema.Types.ObjectId, default: null },
});

const opportunitySchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, ref: 'Customer', required: true },
    ownerId: { type: Schema.Types.ObjectId, ref: 'Employee', required: true },
    name: { type: String, required: true, trim: true, maxlength: 200 },
    stage: { type: String, enum: opportunityStages, required: true, default: 'qualify' },
    stageHistory: { type: [stageChangeSchema], default: [] },
    /** Amount in yuan. */
    amount: { type: Number, required: true, min: 0, default: 0 },
    expectedCloseAt: { type: Date, default: null },
    /** What is being sold (产品/方案). */
    products: { type: [String], default: [] },
    nextStep: { type: String, default: '' },
    closedAt: { type: Date, default: null },
    /** Won: the contract's amount (yuan) and signing date. */
    contractAmount: { type: Number, default: null },
    contractSignedAt: { type: Date, default: null },
    /** Lost: why (输单原因). */
    lostReason: { type: String, default: '' },
    createdBy: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
);

opportunitySchema.index({ ownerId: 1, stage: 1 });
opportunitySchema.index({ customerId: 1 });
opportunitySchema.index({ stage: 1, expectedCloseAt: 1 });

export type Opportunity = InferRawDocTypeFromSchema<typeof opportunitySchema>;
export const OpportunityModel = model('Opportunity', opportunitySchema);
