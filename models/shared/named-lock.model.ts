import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// Short-lived named locks for the few decisions that must not run twice at once across server
// instances (e.g. "does this company exist yet? then create it"). A lock whose holder died expires.

const namedLockSchema = new Schema(
  {
    /** What is locked, e.g. `lead:<normalised company name>`. */
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type NamedLock = InferRawDocTypeFromSchema<typeof namedLockSchema>;
export const NamedLockModel = model('NamedLock', namedLockSchema, 'named_locks');
