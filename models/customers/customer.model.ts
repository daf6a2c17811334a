import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';
import { grades } from '../../config/pool-rules.js';
import { indexNewCustomers } from '../conflicts/keys/index-hooks.js';
import { ledgerFields } from './ledger-entry.model.js';
import { sourceLabels } from '../shared/vocabulary.js';
import { embedded } from '../shared/schema-builders.js';

// 'merged': a tombstone of a customer merged into another (mergedInto); it holds nothing and matches nothing.
export const poolStates = ['public', 'private', 'staked', 'quarantined', 'merged'] as const;
export type PoolState = (typeof poolStates)[number];

export const stages = ['lead', 'customer', 'opportunity', 'contract', 'signed'] as const;
export type Stage = (typeof stages)[number];

/** Where a customer came from: the sources the product names, in the order lists show them. */
export const customerSources = Object.keys(sourceLabels) as [CustomerSource, ...CustomerSource[]];
export type CustomerSource = keyof typeof sourceLabels;

export const dropReasons = ['no-valid-follow-up', 'no-deal'] as const;
export type DropReason = (typeof dropReasons)[number];

export const dataQualities = ['in-profile', 'doubtful', 'dirty'] as const;

const historySchema = embedded({
  from: { type: String, default: null },
  to: { type: String, default: null },
  at: { type: Date, required: true },
  by: { type: Schema.Types.ObjectId, default: null },
  reason: { type: String, default: '' },
});

const cooldownSchema = embedded({
  employeeId: { type: Schema.Types.ObjectId, required: true },
  until: { type: Date, required: true },
});

const mergedFromSchema = embedded({
  customerId: { type: Schema.Types.ObjectId, required: true },
  /** Whether this customer took over the merged one's holder (it was nobody's, the other was held). */
  tookOver: { type: Boolean, required: true },
});

/** The contract that made the customer signed (成交): from a won opportunity, or entered with the stage change. */
const contractSchema = embedded({
  amount: { type: Number, required: true, min: 0 },
  signedAt: { type: Date, required: true },
  opportunityId: { type: Schema.Types.ObjectId, default: null },
  recordedBy: { type: Schema.Types.ObjectId, default: null },
});

const customerSchema = new Schema(
  {
    // The company entity (主体公司).
    name: { type: String, required: true, trim: true, maxlength: 200 },
    /** Conflict-check keys derived from the fields below (models/conflicts). */
    keys: {
      normalizedName: { type: String, default: '' },
      coreName: { type: String, default: '' },
    },
    /** Unified social credit code (统一社会信用代码), upper case. */
    creditCode: { type: String, default: undefined },
    /** Normalised phone numbers (mobile 1xxxxxxxxxx, landline 0area-number). */
    phones: { type: [String], default: [] },
    /** Company e-mail domains (free mailboxes excluded). */
    emailDomains: { type: [String], default: [] },
    boss: { type: String, default: '' },
    legalRepresentative: { type: String, default: '' },
    source: { type: String, enum: customerSources, required: true, default: 'manual' },
    /** Channel detail, e.g. the WeCom contact-way State or the campaign. */
    sourceDetail: { type: String, default: '' },
    industry: { type: String, default: '' },
    region: { type: String, default: '' },
    address: { type: String, default: '' },
    website: { type: String, default: '' },
    /** Configurable profile fields (客户画像). */
    profile: { type: Map, of: Schema.Types.Mixed, default: () => new Map() },
    /** 0–100, from the company's profile fields. */
    completeness: { type: Number, default: 0, min: 0, max: 100 },
    dataQuality: { type: String, enum: dataQualities, default: 'in-profile' },

    grade: { type: String, enum: [...grades, null], default: null },
    gradeHistory: { type: [historySchema], default: [] },
    stage: { type: String, enum: stages, required: true, default: 'lead' },
    stageHistory: { type: [historySchema], default: [] },
    signedAt: { type: Date, default: null },
    contract: { type: contractSchema, default: null },

    // Pool state. Exactly one of: public (no owner), private (ownerId), staked (stakedBy), quarantined.
    poolState: { type: String, enum: poolStates, required: true, default: 'public' },
    ownerId: { type: Schema.Types.ObjectId, ref: 'Employee', default: null },
    /** The owner's department when claimed: its rules decide the drop dates. */
    ownerDepartmentId: { type: Number, default: null },
    claimedAt: { type: Date, default: null },
    lastValidFollowUpAt: { type: Date, default: null },
    lastFollowUpAt: { type: Date, default: null },
    /** When the customer drops back to the public pool unless saved; null = never (public, locked, signed). */
    protectedUntil: { type: Date, default: null },
    dropReason: { type: String, enum: [...dropReasons, null], default: null },
    locked: { type: Boolean, default: false },
    lockedBy: { type: Schema.Types.ObjectId, default: null },
    /** Previous owners who may not re-claim until the given time. */
    cooldowns: { type: [cooldownSchema], default: [] },
    /** When it entered the public pool (for "time in pool" filters). */
    publicSince: { type: Date, default: null },

    stakedBy: { type: Schema.Types.ObjectId, ref: 'Employee', default: null },
    stakedAt: { type: Date, default: null },
    stakeDeadline: { type: Date, default: null },
    greenedAt: { type: Date, default: null },

    quarantineReason: { type: String, default: '' },
    /** A tombstone's survivor: the customer this one was merged into (疑似重复 review). */
    mergedInto: { type: Schema.Types.ObjectId, ref: 'Customer', default: null },
    /** Customers merged into this one. */
    mergedFrom: { type: [mergedFromSchema], default: [] },
    /** A tombstone's holder and identity as they were when it was merged (the merge's later steps read them). */
    mergeSnapshot: { type: Schema.Types.Mixed, default: null },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    /** When automatic assignment gave this lead its first owner; a lead is assigned automatically once. */
    autoAssignedAt: { type: Date, default: null },

    /** Bumped by every change; conditional updates guard on it (optimistic concurrency). */
    version: { type: Number, required: true, default: 0 },
    /** Ledger entries written atomically with the change that caused them, until flushed. */
    ledgerOutbox: { type: [embedded(ledgerFields)], default: [] },
  },
  { timestamps: true },
);

customerSchema.index({ poolState: 1, protectedUntil: 1 });
customerSchema.index({ ownerId: 1, poolState: 1 });
customerSchema.index({ ownerDepartmentId: 1, locked: 1 });
customerSchema.index({ stakedBy: 1, stakeDeadline: 1 });
customerSchema.index({ creditCode: 1 }, { unique: true, sparse: true });
customerSchema.index({ 'keys.normalizedName': 1 });
customerSchema.index({ phones: 1 });
customerSchema.index({ poolState: 1, industry: 1, region: 1, publicSince: -1 });
customerSchema.index({ poolState: 1, publicSince: -1 });
customerSchema.index({ poolState: 1, region: 1, publicSince: -1 });
customerSchema.index({ 'ledgerOutbox._id': 1 }, { sparse: true });
indexNewCustomers(customerSchema);

export type Customer = InferRawDocTypeFromSchema<typeof customerSchema>;
export const CustomerModel = model('Customer', customerSchema);
