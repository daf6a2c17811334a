import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';
import { grades } from '../../config/pool-rules.js';

export const businessLines = ['SMB', 'KA'] as const;
export type BusinessLine = (typeof businessLines)[number];

// A partial set of pool rules: each field left unset inherits from the parent department, then the
// company settings, then the configured defaults.
export const poolRulesOverrideSchema = new Schema(
  {
    capacity: { type: Number, min: 1 },
    dailyClaimLimit: { type: Number, min: 1 },
    dropNoFollowUpDays: { type: Number, min: 1 },
    dropNoFollowUpDaysByGrade: {
      type: new Schema(Object.fromEntries(grades.map((g) => [g, { type: Number, min: 1 }])), { _id: false }),
      default: undefined,
    },
    dropNoDealDays: { type: Number, min: 1 },
    warningDays: { type: [Number], default: undefined },
    reclaimCooldownDays: { type: Number, min: 0 },
    stakeMultiple: { type: Number, min: 0 },
    stakeDeadlineDays: { type: Number, min: 1 },
    maxLockedPerTeam: { type: Number, min: 0 },
    followUpEscalationDays: { type: Number, min: 1 },
  },
  { _id: false },
);

const departmentSchema = new Schema(
  {
    /** WeCom department id. */
    deptId: { type: Number, required: true },
    name: { type: String, required: true, trim: true },
    parentId: { type: Number, default: null },
    order: { type: Number, default: 0 },
    /** SMB lines weigh first contact in conflict rulings; KA lines weigh progress. */
    businessLine: { type: String, enum: businessLines, default: 'SMB', required: true },
    rules: { type: poolRulesOverrideSchema, default: () => ({}) },
    deleted: { type: Boolean, default: false },
  },
  { timestamps: true },
);

departmentSchema.index({ deptId: 1 }, { unique: true });
departmentSchema.index({ parentId: 1 });

export type Department = InferRawDocTypeFromSchema<typeof departmentSchema>;
export const DepartmentModel = model('Department', departmentSchema);
