import { z } from 'zod';
import { grades } from '../../../config/pool-rules.js';
import { stages } from '../../../models/customers/customer.model.js';
import { dropCountdownAnswer, poolUsageAnswer } from '../customers/customer-answers.schema.js';
import { canMap, named } from '../schema-parts.js';

// The logged-in rep's own customers (the mini-app's 我的客户), and the same book on a manager's drill-down.

export const customerBookAnswer = z.object({
  employee: z.object(named),
  pool: poolUsageAnswer,
  private: z.array(
    z.object({
      ...named,
      grade: z.enum(grades).nullable(),
      stage: z.enum(stages),
      locked: z.boolean(),
      completeness: z.number(),
      lastValidFollowUpAt: z.string().nullable(),
      drop: dropCountdownAnswer.nullable().describe('Null for customers that never drop (locked, signed)'),
      can: canMap(['release', 'followUp', 'changeGrade', 'lock', 'unlock']).describe(
        'What the viewer may do with it now (the policy’s answers)',
      ),
    }),
  ),
  staked: z.array(
    z.object({
      ...named,
      completeness: z.number(),
      greened: z.boolean(),
      stakeDeadline: z.string().nullable(),
      daysLeft: z.number().nullable(),
      can: canMap(['claim', 'unstake', 'updateProfile']),
    }),
  ),
});
export type CustomerBookAnswer = z.infer<typeof customerBookAnswer>;
