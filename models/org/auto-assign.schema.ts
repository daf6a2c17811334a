import { Schema } from 'mongoose';

// A department's automatic assignment of new unowned leads (线索自动分配): off (they wait in the public
// pool), round-robin, weighted, or by the rep's region or industry; with a per-rep daily cap. Members
// left empty means every active rep of the department and the departments below it.

export const autoAssignModes = ['off', 'round-robin', 'weighted', 'region', 'industry'] as const;
export type AutoAssignMode = (typeof autoAssignModes)[number];

const memberSchema = new Schema(
  {
    employeeId: { type: Schema.Types.ObjectId, required: true },
    /** Share of the leads under 'weighted' (a rep of weight 3 gets three for one of weight 1). */
    weight: { type: Number, default: 1, min: 1, max: 100 },
    /** Regions or industries this rep covers under 'region' / 'industry' (e.g. 浙江, 制造). */
    territories: { type: [String], default: [] },
  },
  { _id: false },
);

export const autoAssignSchema = new Schema(
  {
    mode: { type: String, enum: autoAssignModes, required: true, default: 'off' },
    /** Leads one rep receives automatically per business day. */
    dailyCap: { type: Number, required: true, default: 5, min: 1, max: 1000 },
    members: { type: [memberSchema], default: [] },
  },
  { _id: false },
);
