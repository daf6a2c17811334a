import type { Types } from 'mongoose';
import type { Customer } from '../customers/customer.model.js';
import { AppError } from '../shared/app-error.js';
import type { LedgerAction } from '../customers/ledger-entry.model.js';
import { releaseCapacity } from './counters.js';
import { changeCustomer, type CustomerChangeResult } from '../customers/customer-change.js';
import type { DomainContext } from '../shared/domain-context.js';
import { actingEmployee } from '../org/permissions.js';
import { poolRulesResolver } from './pool-rules.js';
import { publicFields } from './transitions.js';
import { authorize } from '../org/policy/policy.js';

/** Moves a private customer back to the public pool, giving back the owner's capacity. */
export async function moveToPublic(
  customerId: Types.ObjectId | string,
  ctx: DomainContext,
  options: { action: LedgerAction; reason: string; check?: (current: Customer) => Promise<void> | void },
): Promise<CustomerChangeResult> {
  const rules = poolRulesResolver(ctx.config);
  const result = await changeCustomer(customerId, ctx, async (current) => {
    if (current.poolState !== 'private') {
      throw new AppError('INVALID_STATE', '该客户不在私海中', { details: { state: current.poolState } });
    }
    await options.check?.(current);
    const { reclaimCooldownDays } = await rules(current.ownerDepartmentId ?? null);
    return {
      set: publicFields(current, ctx.now, reclaimCooldownDays),
      ledger: { action: options.action, reason: options.reason },
    };
  });
  await releaseCapacity(result!.before.ownerId, 'privateCount');
  return result!;
}

/**
 * The owner releases (释放) a customer to the public pool; a manager of the team may too. Profile,
 * contacts and every follow-up stay with the customer for the next owner. The releasing owner waits
 * out the re-claim cooldown.
 */
export async function releaseCustomer(
  input: { customerId: Types.ObjectId | string; reason?: string },
  ctx: DomainContext,
): Promise<Customer> {
  const employee = await actingEmployee(ctx.actor);
  const result = await moveToPublic(input.customerId, ctx, {
    action: 'release',
    reason: input.reason ?? '',
    check: async (current) => {
      await authorize(employee, 'release', current, ctx.now);
    },
  });
  return result.after;
}
