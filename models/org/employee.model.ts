import { Schema, model, type InferRawDocTypeFromSchema } from 'mongoose';

import { roles } from '../shared/domain-context.js';

export { roles, type Role } from '../shared/domain-context.js';

/** Away (休假/外出): from `since`, until `until` (open-ended when null). Auto-assignment skips away reps. */
const awaySchema = new Schema(
  {
    since: { type: Date, required: true },
    until: { type: Date, default: null },
    reason: { type: String, default: '' },
  },
  { _id: false },
);

const employeeSchema = new Schema(
  {
    /** WeCom userid (成员UserID). */
    userId: { type: String, required: true, trim: true },
    name: { type: String, required: true, trim: true },
    departmentIds: { type: [Number], default: [] },
    /** The department whose pool rules apply to this rep (WeCom main_department). */
    mainDepartmentId: { type: Number, default: null },
    /** Departments this employee leads (WeCom is_leader_in_dept); managers see these teams. */
    leaderOfDepartmentIds: { type: [Number], default: [] },
    role: { type: String, enum: roles, required: true, default: 'rep' },
    /** When someone last set the role in the console; start-up grants leave such a role alone. */
    roleAssignedAt: { type: Date, default: null },
    status: { type: String, enum: ['active', 'resigned'] as const, required: true, default: 'active' },
    resignedAt: { type: Date, default: null },
    /** Set by ops or the rep's manager in 人员与权限 (models/org/away.ts); null when not away. */
    away: { type: awaySchema, default: null },
    /** Sessions carry the version they were issued under; raising it ends every session (models/org/sessions.ts). */
    sessionVersion: { type: Number, required: true, default: 0, min: 0 },
    position: { type: String, default: '' },
    mobile: { type: String, default: '' },
    email: { type: String, default: '' },
    // Counters guarded in the filter of conditional updates, so capacity holds without transactions.
    // The nightly reconciler recomputes them from customers and repairs drift.
    privateCount: { type: Number, required: true, default: 0, min: 0 },
    stakedCount: { type: Number, required: true, default: 0, min: 0 },
    /** When a unit of either counter was last reserved: the reconciler lowers no counter a change may still be using. */
    reservedAt: { type: Date, default: null },
    // Claims on one business day (YYYY-MM-DD in the business time zone), reserved in the same conditional
    // update as the capacity (models/pool/counters.ts): a new day starts the count again.
    claimDay: { type: String, default: null },
    claimsOnDay: { type: Number, required: true, default: 0, min: 0 },
  },
  { timestamps: true },
);

employeeSchema.index({ userId: 1 }, { unique: true });
employeeSchema.index({ departmentIds: 1, status: 1 });
employeeSchema.index({ leaderOfDepartmentIds: 1 });
employeeSchema.index({ mainDepartmentId: 1 });
employeeSchema.index({ role: 1, status: 1 });
// The bot finds reps by name.
employeeSchema.index({ name: 1 });

export type Employee = InferRawDocTypeFromSchema<typeof employeeSchema>;
export const EmployeeModel = model('Employee', employeeSchema);
