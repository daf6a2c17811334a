import { z } from 'zod';
import { transferKinds, transferStatuses } from '../../../models/handovers/wecom-transfer.model.js';
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

const instant = z.string().describe('ISO instant');
const inherited = z.object({ customerId: z.string(), takeoverUserId: z.string() });

export const handoverAnswer = z.object({
  kind: z.enum(transferKinds),
  transfers: z.array(
    z.object({
      transferId: z.string(),
      customerId: z.string().nullable(),
      externalUserId: z.string(),
      takeoverUserId: z.string(),
    }),
  ),
  inherited: z.array(inherited).describe('Customers passed on in the CRM at once (no WeCom contact to move)'),
  released: z.array(z.string()).describe('Customers returned to the public pool'),
  unstaked: z.array(z.string()),
  alreadyInProgress: z.array(z.string()),
  failed: z.array(z.object({ customerId: z.string(), code: z.string(), message: z.string() })),
  started: z
    .object({ started: z.number(), quota: z.number(), failed: z.number(), deferred: z.number() })
    .describe('The WeCom transfers started at once'),
});
export type HandoverAnswer = z.infer<typeof handoverAnswer>;

export const handoverProgressAnswer = z.object({
  counts: z.record(z.string(), z.number()).describe('WeCom transfers by status'),
  transfers: z.array(
    z.object({
      _id: z.string(),
      kind: z.enum(transferKinds),
      externalUserId: z.string(),
      customerId: z.string().nullish(),
      takeoverUserId: z.string(),
      status: z.enum(transferStatuses),
      reason: z.string().describe("WeCom's outcome"),
      handoverReason: z.string().describe('Why ops handed the customer over'),
      requestedAt: instant,
      startedAt: instant.nullish(),
      settledAt: instant.nullish(),
    }),
  ),
  plans: z.array(
    z.object({
      kind: z.enum(transferKinds),
      reason: z.string(),
      requestedBy: z.string().nullish(),
      requestedAt: instant,
      inherited: z.array(z.object({ customerId: z.string().nullish(), takeoverUserId: z.string().nullish() })),
      released: z.array(z.string()),
      unstaked: z.array(z.string()),
      transfers: z.number(),
    }),
  ),
});
export type HandoverProgressAnswer = z.infer<typeof handoverProgressAnswer>;
