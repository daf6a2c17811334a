import type { Types } from 'mongoose';
import type { Customer } from '../customers/customer.model.js';
import { startOfBusinessDay } from '../shared/business-day.js';
import { changeCustomer } from '../customers/customer-change.js';
import type { DomainContext } from '../shared/domain-context.js';
import { actingEmployee } from '../org/permissions.js';
import { authorize } from '../org/policy/policy.js';
import { poolRulesResolver } from './pool-rules.js';
import { computeProtection } from './protection.js';

/** A manager locks (锁定) a private customer: it never drops until unlocked. */
export async function lockCustomer(
  input: { customerId: Types.ObjectId | string; reason?: string },
  ctx: DomainContext,
): Promise<Customer> {
  const manager = await actingEmployee(ctx.actor);
  const result = await changeCustomer(input.customerId, ctx, async (current) => {
    await authorize(manager, 'lock', current, ctx.now);
    return {
      set: { locked: true, lockedBy: manager._id, protectedUntil: null, dropReason: null },
      ledger: { action: 'lock', reason: input.reason ?? '' },
    };
  });
  return result!.after;
}

/**
 * Unlocks a customer. Its drop date is computed again; if that is already past or imminent, the
 * owner still gets every warning before it drops.
 */
export async function unlockCustomer(
  input: { customerId: Types.ObjectId | string; reason?: string },
  ctx: DomainContext,
): Promise<Customer> {
  const manager = await actingEmployee(ctx.actor);
  const rules = poolRulesResolver(ctx.config);
  const result = await changeCustomer(input.customerId, ctx, async (current) => {
    await authorize(manager, 'unlock', current, ctx.now);
    const r = await rules(current.ownerDepartmentId ?? null);
    const protection = computeProtection({ ...current, locked: false }, r, ctx.config.timezone);
    const earliest = startOfBusinessDay(ctx.now, ctx.config.timezone, (r.warningDays[0] ?? 0) + 1);
    if (protection.protectedUntil && protection.protectedUntil < earliest) {
      protection.protectedUntil = earliest;
    }
    return {
      set: { locked: false, lockedBy: null, ...protection },
      ledger: { action: 'unlock', reason: input.reason ?? '' },
    };
  });
  return result!.after;
}
