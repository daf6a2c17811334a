import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';
import { appendOnly } from '../shared/append-only.js';
import { timeline } from '../shared/schema-builders.js';

// The append-only trail of changes to the rules and the people (the customer ledger keeps the
// customers' own history): role changes, away periods, pool rules, handovers and imports started from the console.

export const auditActions = [
  'role',
  'away',
  'pool-rules',
  'auto-assign',
  'business-line',
  'handover',
  'import',
  'pair-review',
] as const;
export type AuditAction = (typeof auditActions)[number];

const auditEntrySchema = timeline({
  action: { type: String, enum: auditActions, required: true },
  actorKind: { type: String, enum: ['employee', 'system', 'wecom'] as const, required: true },
  actorId: { type: Schema.Types.ObjectId, default: null },
  actorName: { type: String, default: '' },
  /** What changed: `employee:<userid>`, `company`, `department:<id>`, `import:<id>`. */
  subject: { type: String, required: true },
  before: { type: Schema.Types.Mixed, default: {} },
  after: { type: Schema.Types.Mixed, default: {} },
  reason: { type: String, default: '' },
});

auditEntrySchema.index({ at: -1 });
auditEntrySchema.index({ subject: 1, at: -1 });

appendOnly(auditEntrySchema, 'audit entries');

export type AuditEntry = InferRawDocTypeFromSchema<typeof auditEntrySchema>;
export const AuditEntryModel = model('AuditEntry', auditEntrySchema, 'audit_entries');
