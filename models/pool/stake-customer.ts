import type { Types } from 'mongoose';
import type { Customer } from '../customers/customer.model.js';
import { AppError } from '../shared/app-error.js';
import { startOfBusinessDay } from '../shared/business-day.js';
import { releaseCapacity, reserveCapacity } from './counters.js';
import { changeCustomer, loadCustomer } from '../customers/customer-change.js';
import type { DomainContext } from '../shared/domain-context.js';
import { giveBackUnlessUncertain } from '../shared/uncertain-outcome.js';
import { actingEmployee } from '../org/permissions.js';
import { greenCompleteness } from '../customers/profile-completeness.js';
import { poolRulesResolver } from './pool-rules.js';
import { cooldownInBusinessTime, publicFields } from './transitions.js';
import { authorize } from '../org/policy/policy.js';

/**
 * Staking (占坑): besides the private pool, a rep may hold a multiple of their capacity of public
 * customers, which they must green (complete the profile) by a deadline or lose. Inbound leads for a
 * staked customer are routed to the staker.
 */
export async function stakeCustomer(
  input: { customerId: Types.ObjectId | string },
  ctx: DomainContext,
): Promise<Customer> {
  const rep = await actingEmployee(ctx.actor);
  const rules = await poolRulesResolver(ctx.config)(rep.mainDepartmentId ?? null);
  await authorize(rep, 'stake', await loadCustomer(input.customerId), ctx.now).catch(cooldownInBusinessTime(ctx));
  const threshold = await greenCompleteness();
  await reserveCapacity(rep._id, 'stakedCount', rules.capacity * rules.stakeMultiple);
  try {
    const result = await changeCustomer(input.customerId, ctx, async (fresh) => {
      await authorize(rep, 'stake', fresh, ctx.now).catch(cooldownInBusinessTime(ctx));
      return {
        set: {
          poolState: 'staked',
          stakedBy: rep._id,
          stakedAt: ctx.now,
          stakeDeadline: startOfBusinessDay(ctx.now, ctx.config.timezone, rules.stakeDeadlineDays + 1),
          greenedAt: fresh.completeness >= threshold ? ctx.now : null,
          publicSince: null,
        },
        ledger: { action: 'stake' },
      };
    });
    return result!.after;
  } catch (error) {
    await giveBackUnlessUncertain(error, () => releaseCapacity(rep._id, 'stakedCount'));
    throw error;
  }
}

async function stakedToPublic(
  customerId: Types.ObjectId | string,
  ctx: DomainContext,
  action: 'unstake' | 'stake-expire',
  reason: string,
  check: (current: Customer) => Promise<boolean>,
): Promise<Customer | null> {
  const result = await changeCustomer(customerId, ctx, async (current) => {
    if (current.poolState !== 'staked' || !(await check(current))) {
      return null;
    }
    return { set: publicFields(current, ctx.now, 0), ledger: { action, reason } };
  });
  if (!result) {
    return null;
  }
  await releaseCapacity(result.before.stakedBy, 'stakedCount');
  return result.after;
}

/** The staker (or a manager) gives a staked customer back to the public pool. */
export async function unstakeCustomer(
  input: { customerId: Types.ObjectId | string; reason?: string },
  ctx: DomainContext,
): Promise<Customer> {
  const employee = ctx.actor.kind === 'employee' ? await actingEmployee(ctx.actor) : null;
  const after = await stakedToPublic(input.customerId, ctx, 'unstake', input.reason ?? '', async (current) => {
    if (employee) {
      await authorize(employee, 'unstake', current, ctx.now);
    }
    return true;
  });
  if (!after) {
    throw new AppError('INVALID_STATE', '该客户不在占坑状态');
  }
  return after;
}

/** Returns a staked customer not greened by its deadline to the public pool; null if not due. */
export async function expireStake(
  input: { customerId: Types.ObjectId | string },
  ctx: DomainContext,
): Promise<Customer | null> {
  return stakedToPublic(input.customerId, ctx, 'stake-expire', '占坑到期未完成绿化', (current) =>
    Promise.resolve(!current.greenedAt && current.stakeDeadline != null && current.stakeDeadline <= ctx.now),
  );
}
