import { z } from 'zod';
import { named, reason, text } from '../schema-parts.js';

const requiredReason = (what: string) =>
  text(200)
    .refine((s) => s.length > 0, `请填写${what}原因`)
    .describe("Why, in the user's words; kept in the ledger (required)");

export const lockBody = z.strictObject({ reason: requiredReason('锁定') });
export type LockBody = z.infer<typeof lockBody>;

export const unlockBody = z.strictObject({ reason });
export type UnlockBody = z.infer<typeof unlockBody>;

export const lockRequestBody = z.strictObject({ reason: requiredReason('申请锁定的') });
export type LockRequestBody = z.infer<typeof lockRequestBody>;

export const lockResult = z.object({
  customer: z.object({
    ...named,
    state: z.string(),
    locked: z.boolean(),
    protectedUntil: z.string().nullable().describe('The drop date; null while locked'),
  }),
  team: z
    .object({ locked: z.number(), limit: z.number() })
    .describe("The owning team's locked customers and its maximum (maxLockedPerTeam)"),
});

export type LockResult = z.infer<typeof lockResult>;

export const lockRequestResult = z.object({
  managers: z.array(z.string()).describe('Who was asked (the team’s managers, or sales ops when it has none)'),
});
