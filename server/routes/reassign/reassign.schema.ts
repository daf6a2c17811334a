import { z } from 'zod';
import { objectId, text } from '../schema-parts.js';

export const reassignBody = z.strictObject({
  customerIds: z
    .array(objectId)
    .min(1, '请至少选择一个客户')
    .max(100, '一次最多转交 100 个客户')
    .describe('The customers to move (public ones are assigned, held ones transferred)'),
  toEmployeeId: objectId.describe('The receiving employee'),
  reason: text(200).optional().describe("Why, in the user's words; kept in each customer's ledger entry"),
});
export type ReassignBody = z.infer<typeof reassignBody>;

export const reassignResult = z.object({
  to: z.object({ id: z.string(), name: z.string() }),
  moved: z.array(
    z.object({
      customerId: z.string(),
      name: z.string(),
      fromName: z.string().describe('The previous holder; empty for a public customer'),
      action: z.enum(['assign', 'transfer']),
    }),
  ),
  refused: z
    .array(z.object({ customerId: z.string(), code: z.string(), message: z.string() }))
    .describe('Each customer that did not move, and why (e.g. POOL_CAPACITY_FULL, FORBIDDEN)'),
});

export const reassignTargetsResult = z.object({
  targets: z.array(z.object({ id: z.string(), name: z.string(), used: z.number(), capacity: z.number() })),
});
export type ReassignTargetsAnswer = z.infer<typeof reassignTargetsResult>;
export type ReassignResult = z.infer<typeof reassignResult>;
