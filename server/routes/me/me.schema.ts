import { z } from 'zod';
import { poolUsageAnswer } from '../customers/customer-answers.schema.js';
import { employeeIdentity } from '../schema-parts.js';

export const meAnswer = z.object({
  ...employeeIdentity,
  departmentIds: z.array(z.number()),
  leaderOfDepartmentIds: z.array(z.number()),
  pool: poolUsageAnswer,
});
export type MeAnswer = z.infer<typeof meAnswer>;
