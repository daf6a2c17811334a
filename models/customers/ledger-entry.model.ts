import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';
import { appendOnly } from '../shared/append-only.js';

// The append-only history of every ownership or state change of a customer: who, when, why,
// before and after. Entries are written through the customer's outbox (see pool/customer-change.ts)
// so a change and its entry can never part, even without transactions.

export const ledgerActions = [
  'create',
  'claim',
  'release',
  'drop',
  'assign',
  'transfer',
  'inherit',
  'stake',
  'unstake',
  'stake-expire',
  'lock',
  'unlock',
  'grade',
  'stage',
  'ruling',
  'quarantine',
  'restore',
  'merge',
] as const;
export type LedgerAction = (typeof ledgerActions)[number];

export const actorKinds = ['employee', 'system', 'wecom'] as const;

export const ledgerFields = {
  /** Deterministic id, so writing the same entry twice is a no-op. */
  _id: { type: String, required: true },
  customerId: { type: Schema.Types.ObjectId, required: true },
  action: { type: String, enum: ledgerActions, required: true },
  actorKind: { type: String, enum: actorKinds, required: true },
  actorId: { type: Schema.Types.ObjectId, default: null },
  /** Free-form name for system actors (e.g. the job that acted). */
  actorName: { type: String, default: '' },
  reason: { type: String, default: '' },
  before: { type: Schema.Types.Mixed, default: {} },
  after: { type: Schema.Types.Mixed, default: {} },
  at: { type: Date, required: true },
  /** A copy of an entry of a customer merged into this one: the merged customer's id. */
  mergedFrom: { type: Schema.Types.ObjectId, default: undefined },
} as const;

const ledgerEntrySchema = new Schema(ledgerFields, { versionKey: false });

ledgerEntrySchema.index({ customerId: 1, at: 1 });
ledgerEntrySchema.index({ actorId: 1, at: -1 });
ledgerEntrySchema.index({ action: 1, at: -1 });
// A team's review: the entries naming one of its reps as the owner before or after the change.
ledgerEntrySchema.index({ 'before.ownerId': 1, at: -1 });
ledgerEntrySchema.index({ 'after.ownerId': 1, at: -1 });
// The console's 审计 page without filters: newest first, a walk of this index that stops at the page.
ledgerEntrySchema.index({ at: -1 });

appendOnly(ledgerEntrySchema, 'ledger entries');

export type LedgerEntry = InferRawDocTypeFromSchema<typeof ledgerEntrySchema>;
export const LedgerEntryModel = model('LedgerEntry', ledgerEntrySchema, 'ledger_entries');
