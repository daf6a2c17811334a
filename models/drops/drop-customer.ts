import type { Types } from 'mongoose';
import type { Customer, DropReason } from '../customers/customer.model.js';
import { releaseCapacity } from '../pool/counters.js';
import { changeCustomer, type PlanChange } from '../customers/customer-change.js';
import type { DomainContext } from '../shared/domain-context.js';
import { poolRulesResolver } from '../pool/pool-rules.js';
import { publicFields } from '../pool/transitions.js';

export interface DroppedCustomer {
  customer: Customer;
  previousOwnerId: Types.ObjectId;
  reason: DropReason;
  protectedUntil: Date;
}

type Rules = ReturnType<typeof poolRulesResolver>;

/**
 * The fields a drop decides on (dropPlan, publicFields) and records (the ledger entry's before/after, the version
 * guard, the outbox, the owner's notice): what a sweep reads of each due customer.
 */
export const dropFields = {
  ...{ _id: 1, name: 1, poolState: 1, ownerId: 1, ownerDepartmentId: 1, stakedBy: 1, grade: 1, stage: 1 },
  ...{ locked: 1, protectedUntil: 1, dropReason: 1, cooldowns: 1, version: 1, ledgerOutbox: 1 },
} as const;

/** The change of a drop: to the public pool with the owner's cooldown, or nothing when it is not due. */
export function dropPlan(ctx: DomainContext, rules: Rules): PlanChange {
  return async (current) => {
    const due =
      current.poolState === 'private' &&
      !current.locked &&
      current.stage !== 'signed' &&
      current.protectedUntil != null &&
      current.protectedUntil <= ctx.now;
    if (!due) {
      return null;
    }
    const { reclaimCooldownDays } = await rules(current.ownerDepartmentId ?? null);
    return {
      set: publicFields(current, ctx.now, reclaimCooldownDays),
      ledger: { action: 'drop', reason: current.dropReason ?? 'no-valid-follow-up' },
    };
  };
}

/** What a drop did, from the change's before and after. */
export function droppedFrom(before: Customer, after: Customer): DroppedCustomer {
  return {
    customer: after,
    previousOwnerId: before.ownerId!,
    reason: before.dropReason ?? 'no-valid-follow-up',
    protectedUntil: before.protectedUntil!,
  };
}

/**
 * Drops (掉保) a private customer whose protection has run out back to the public pool. Safe to call
 * for any customer at any time: one that is not due (locked, signed, saved by a follow-up, already
 * public) is left alone and null is returned.
 */
export async function dropCustomer(
  input: { customerId: Types.ObjectId | string },
  ctx: DomainContext,
  rules = poolRulesResolver(ctx.config),
): Promise<DroppedCustomer | null> {
  const result = await changeCustomer(input.customerId, ctx, dropPlan(ctx, rules));
  if (!result) {
    return null;
  }
  await releaseCapacity(result.before.ownerId, 'privateCount');
  return droppedFrom(result.before, result.after);
}
