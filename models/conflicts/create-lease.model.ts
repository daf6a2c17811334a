import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// Short leases serialising the creators of one core name (models/conflicts/create-lease.ts). Kept
// apart from the conflict index so that the few live leases are all this collection ever holds.

const createLeaseSchema = new Schema(
  {
    /** r:<core name>. */
    _id: { type: String, required: true },
    token: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { versionKey: false },
);

export type CreateLease = InferRawDocTypeFromSchema<typeof createLeaseSchema>;
export const CreateLeaseModel = model('CreateLease', createLeaseSchema, 'create_leases');
