import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// One WeCom customer transfer (在职继承 / 离职继承) of one external contact from a handover member to a
// takeover member, tracked from the request until WeCom settles it (the customer has 24 h to refuse).
// The CRM customer follows when WeCom reports the takeover done.

export const transferKinds = ['onjob', 'resigned'] as const;
export type TransferKind = (typeof transferKinds)[number];

export const transferStatuses = [
  /** Recorded, not yet sent to WeCom. */
  'pending',
  /** WeCom accepted it; the takeover happens automatically after 24 h unless the customer refuses. */
  'waiting',
  'done',
  /** The customer refused (status 3, transfer_fail customer_refused). */
  'refused',
  /** The takeover member is at WeCom's customer limit (status 4, customer_limit_exceed). */
  'takeover-full',
  /** Refused before calling WeCom, or by WeCom (40128): at most 2 transfers per customer in 90 days. */
  'quota',
  /** WeCom refused to start it (another errcode), or reported no record. */
  'failed',
] as const;
export type TransferStatus = (typeof transferStatuses)[number];
export const openTransferStatuses: TransferStatus[] = ['pending', 'waiting'];

const wecomTransferSchema = new Schema(
  {
    kind: { type: String, enum: transferKinds, required: true },
    handoverUserId: { type: String, required: true },
    takeoverUserId: { type: String, required: true },
    externalUserId: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, ref: 'Customer', default: null },
    /** `${handoverUserId}:${externalUserId}` while the transfer is open; unset once settled, so only one is open at a time. */
    openKey: { type: String, default: undefined },
    status: { type: String, enum: transferStatuses, required: true, default: 'pending' },
    /** WeCom's per-customer errcode when starting, or its transfer_result status. */
    errcode: { type: Number, default: 0 },
    wecomStatus: { type: Number, default: null },
    reason: { type: String, default: '' },
    requestedBy: { type: Schema.Types.ObjectId, ref: 'Employee', default: null },
    requestedAt: { type: Date, required: true },
    startedAt: { type: Date, default: null },
    /** When WeCom moved the customer (takeover_time), or when we learned the outcome. */
    settledAt: { type: Date, default: null },
    /** Whether the outcome has been applied to the CRM customer and people were told. */
    applied: { type: Boolean, default: false },
  },
  { timestamps: true },
);

wecomTransferSchema.index({ openKey: 1 }, { unique: true, sparse: true });
wecomTransferSchema.index({ status: 1, handoverUserId: 1, takeoverUserId: 1 });
wecomTransferSchema.index({ externalUserId: 1, requestedAt: -1 });
wecomTransferSchema.index({ customerId: 1 });
// A handover's progress.
wecomTransferSchema.index({ handoverUserId: 1, requestedAt: 1 });

export type WecomTransfer = InferRawDocTypeFromSchema<typeof wecomTransferSchema>;
export const WecomTransferModel = model('WecomTransfer', wecomTransferSchema, 'wecom_transfers');
