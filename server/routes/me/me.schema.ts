import { z } from 'zod';
import { roles } from '../../../models/org/employee.model.js';
import { poolUsageAnswer } from '../customers/customer-answers.schema.js';

export const meAnswer = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  role: z.enum(roles),
  departmentIds: z.array(z.number()),
  leaderOfDepartmentIds: z.array(z.number()),
  pool: poolUsageAnswer,
});
export type MeAnswer = z.infer<typeof meAnswer>;
