import type { Types } from 'mongoose';
import type { Customer } from '../customer.model.js';
import { AppError } from '../../shared/app-error.js';
import { releaseHolderCapacity } from '../../pool/counters.js';
import { changeCustomer } from '../customer-change.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { actingEmployee } from '../../org/permissions.js';
import { authorize } from '../../org/policy/policy.js';
import { publicFields } from '../../pool/transitions.js';

// Data cleaning (数据清洗): dirty records are quarantined, never deleted, and can be restored.

/** Jobs and imports may clean data; employees only as the policy allows. */
async function assertMay(ctx: DomainContext, action: 'quarantine' | 'restore', current: Customer): Promise<void> {
  if (ctx.actor.kind === 'employee') {
    await authorize(await actingEmployee(ctx.actor), action, current, ctx.now);
  }
}

export async function quarantineCustomer(
  input: { customerId: Types.ObjectId | string; reason: string },
  ctx: DomainContext,
): Promise<Customer> {
  const result = await changeCustomer(input.customerId, ctx, async (current) => {
    await assertMay(ctx, 'quarantine', current);
    if (current.poolState === 'quarantined') {
      return null;
    }
    return {
      set: {
        ...publicFields(current, ctx.now, 0),
        poolState: 'quarantined',
        publicSince: null,
        dataQuality: 'dirty',
        quarantineReason: input.reason,
      },
      ledger: { action: 'quarantine', reason: input.reason },
    };
  });
  if (!result) {
    throw new AppError('INVALID_STATE', '该客户已在隔离区');
  }
  await releaseHolderCapacity(result.before);
  return result.after;
}

export async function restoreCustomer(
  input: { customerId: Types.ObjectId | string; reason?: string },
  ctx: DomainContext,
): Promise<Customer> {
  const result = await changeCustomer(input.customerId, ctx, async (current) => {
    await assertMay(ctx, 'restore', current);
    if (current.poolState !== 'quarantined') {
      throw new AppError('INVALID_STATE', '该客户不在隔离区');
    }
    return {
      set: { poolState: 'public', publicSince: ctx.now, dataQuality: 'doubtful', quarantineReason: '' },
      ledger: { action: 'restore', reason: input.reason ?? '' },
    };
  });
  return result!.after;
}
