import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

// Counters of automatic assignment: `cap:<employeeId>:<date>` counts the leads a rep received today
// (the daily cap is in the filter of the increment), `cursor:<deptId>` is a department's round-robin
// position (one $inc per lead, so two instances never take the same turn).

const assignCounterSchema = new Schema(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);

export type AssignCounter = InferRawDocTypeFromSchema<typeof assignCounterSchema>;
export const AssignCounterModel = model('AssignCounter', assignCounterSchema, 'assign_counters');
