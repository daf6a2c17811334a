import { z } from 'zod';
import { text } from '../schema-parts.js';

const target = z.string().min(1).max(64).describe("a WeCom userid, or 'pool' for the public pool");

export const handoverBody = z.object({
  /** The WeCom userid of the rep who left or moves. */
  handoverUserId: z.string().min(1).max(64),
  defaultTarget: target,
  assignments: z
    .array(z.object({ customerId: z.string().regex(/^[a-f\d]{24}$/i, 'not a customer id'), target }))
    .max(5000)
    .default([]),
  reason: text(200).optional(),
});
export type HandoverBody = z.infer<typeof handoverBody>;

export const handoverParams = z.object({ userId: z.string().min(1).max(64) });
export type HandoverParams = z.infer<typeof handoverParams>;
