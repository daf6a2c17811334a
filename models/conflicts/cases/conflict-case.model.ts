import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// A conflict complaint (撞单申诉 / 投诉): a rep says a customer another rep holds is theirs by the
// conflict rules, or that its record is fake or too thin. Sales ops rule on it with the criteria the
// product computes (models/conflicts/cases/).

export const caseKinds = ['duplicate', 'fake', 'thin'] as const;
export type CaseKind = (typeof caseKinds)[number];

/** open → ruling (a ruling in progress) → ruled; or withdrawn by the complainant. */
export const caseStatuses = ['open', 'ruling', 'ruled', 'withdrawn'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseDecisions = ['complainant', 'respondent'] as const;
export type CaseDecision = (typeof caseDecisions)[number];

const rulingSchema = new Schema(
  {
    decision: { type: String, enum: caseDecisions, required: true },
    /** Whether the customer was transferred to the complainant. */
    transferred: { type: Boolean, required: true },
    note: { type: String, default: '' },
    /** Whether ops followed the product's suggestion. */
    followedSuggestion: { type: Boolean, required: true },
    ruledBy: { type: Schema.Types.ObjectId, ref: 'Employee', required: true },
    ruledAt: { type: Date, required: true },
  },
  { _id: false },
);

const conflictCaseSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, ref: 'Customer', required: true },
    customerName: { type: String, required: true },
    kind: { type: String, enum: caseKinds, required: true },
    reason: { type: String, required: true, maxlength: 2000 },
    complainantId: { type: Schema.Types.ObjectId, ref: 'Employee', required: true },
    /** Who held the customer when the complaint was filed. */
    respondentId: { type: Schema.Types.ObjectId, ref: 'Employee', required: true },
    /** The complainant's own record of the same company, when the complaint is about a duplicate. */
    complainantCustomerId: { type: Schema.Types.ObjectId, ref: 'Customer', default: null },
    status: { type: String, enum: caseStatuses, required: true, default: 'open' },
    /** `<customerId>:<complainantId>` while open, unset once closed: one open complaint per rep and customer. */
    openKey: { type: String, default: undefined },
    filedAt: { type: Date, required: true },
    /** When the current ruling started (status 'ruling'), so a crashed ruling can be resumed. */
    rulingStartedAt: { type: Date, default: null },
    /** The criteria and suggestion as they stood when ruled. */
    assessment: { type: Schema.Types.Mixed, default: null },
    ruling: { type: rulingSchema, default: null },
    withdrawnAt: { type: Date, default: null },
    /** Closed by a merge: the complainant's open complaint about the survivor it was folded into. */
    foldedInto: { type: Schema.Types.ObjectId, ref: 'ConflictCase', default: null },
  },
  { timestamps: true },
);

conflictCaseSchema.index({ openKey: 1 }, { unique: true, sparse: true });
conflictCaseSchema.index({ status: 1, filedAt: -1 });
conflictCaseSchema.index({ complainantId: 1, filedAt: -1 });
conflictCaseSchema.index({ respondentId: 1, filedAt: -1 });
conflictCaseSchema.index({ customerId: 1 });
// A merge moves the cases filed with the absorbed customer as the complainant's own record.
conflictCaseSchema.index({ complainantCustomerId: 1 });
// The evening review's cases of the day.
conflictCaseSchema.index({ filedAt: -1 });

export type ConflictCase = InferRawDocTypeFromSchema<typeof conflictCaseSchema>;
export const ConflictCaseModel = model('ConflictCase', conflictCaseSchema, 'conflict_cases');
