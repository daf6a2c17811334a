import type { Types } from 'mongoose';
import { CustomerModel, type Customer } from '../customers/customer.model.js';
import { AppError, isAppError } from '../shared/app-error.js';
import { releaseCapacity, releaseHolderCapacity, reserveCapacity } from './counters.js';
import { changeCustomer, loadCustomer } from '../customers/customer-change.js';
import type { DomainContext } from '../shared/domain-context.js';
import { giveBackUnlessUncertain } from '../shared/uncertain-outcome.js';
import { activeEmployee, actingEmployee } from '../org/permissions.js';
import { authorize } from '../org/policy/policy.js';
import { poolRulesResolver } from './pool-rules.js';
import { moveToPublic } from './release-customer.js';
import { unstakeCustomer } from './stake-customer.js';
import { noStake, privateFields } from './transitions.js';

export type TransferAction = 'transfer' | 'inherit' | 'ruling';

function keepsLock(current: Customer, targetDepartmentId: number | null): boolean {
  return (
    current.poolState === 'private' && current.locked && (current.ownerDepartmentId ?? null) === targetDepartmentId
  );
}

/**
 * A manager assigns (分配) a public customer to a rep or transfers (转移) a private one between reps;
 * jobs and WeCom flows use it for inheritance and conflict rulings. The receiving rep's capacity is
 * reserved first: a rep at capacity cannot receive a customer either.
 */
export async function transferCustomer(
  input: {
    customerId: Types.ObjectId | string;
    toEmployeeId: Types.ObjectId | string;
    reason?: string;
    action?: TransferAction;
  },
  ctx: DomainContext,
): Promise<Customer> {
  const manager = ctx.actor.kind === 'employee' ? await actingEmployee(ctx.actor) : null;
  const target = await activeEmployee(input.toEmployeeId);
  if (manager) {
    // Refuse before reserving the receiver's capacity; decided again below on the fresh document.
    await authorize(manager, 'reassign', { customer: await loadCustomer(input.customerId), target }, ctx.now);
  }
  const rules = await poolRulesResolver(ctx.config)(target.mainDepartmentId ?? null);
  await reserveCapacity(target._id, 'privateCount', rules.capacity);
  try {
    const result = await changeCustomer(input.customerId, ctx, async (current) => {
      if (manager) {
        await authorize(manager, 'reassign', { customer: current, target }, ctx.now);
      }
      if (current.poolState === 'quarantined') {
        throw new AppError('CUSTOMER_QUARANTINED', '该客户已被隔离，不能分配');
      }
      if (current.poolState === 'private' && String(current.ownerId) === String(target._id)) {
        throw new AppError('INVALID_STATE', `该客户已在 ${target.name} 名下`);
      }
      // A lock is the owning team's decision (and counts toward its maximum): it stays only within the team.
      const keep = keepsLock(current, target.mainDepartmentId ?? null);
      const set = privateFields(current, target, rules, ctx, {
        ...noStake,
        locked: keep,
        lockedBy: keep ? current.lockedBy : null,
      });
      const action = current.poolState === 'public' ? 'assign' : (input.action ?? 'transfer');
      return { set, ledger: { action, reason: input.reason ?? '' } };
    });
    const { before, after } = result!;
    await releaseHolderCapacity(before);
    return after;
  } catch (error) {
    await giveBackUnlessUncertain(error, () => releaseCapacity(target._id, 'privateCount'));
    throw error;
  }
}

export interface ResignationOutcome {
  inherited: { customerId: string; toEmployeeId: string }[];
  released: string[];
  unstaked: string[];
  failed: { customerId: string; code: string; message: string }[];
}

/**
 * Hands over every customer of a departing rep (离职/转岗): each goes to the rep named for it (or the
 * default), or back to the public pool. Staked customers return to the pool. One failure (e.g. the
 * receiver is full) is reported and does not stop the others.
 */
export async function transferOnResignation(
  input: {
    fromEmployeeId: Types.ObjectId | string;
    /** An employee id, or 'pool' to release to the public pool. */
    defaultTarget: Types.ObjectId | string;
    assignments?: Map<string, Types.ObjectId | string>;
    reason?: string;
  },
  ctx: DomainContext,
): Promise<ResignationOutcome> {
  const outcome: ResignationOutcome = { inherited: [], released: [], unstaked: [], failed: [] };
  const reason = input.reason ?? '离职/转岗交接';
  const customers = await CustomerModel.find(
    {
      $or: [
        { ownerId: input.fromEmployeeId, poolState: 'private' },
        { stakedBy: input.fromEmployeeId, poolState: 'staked' },
      ],
    },
    { _id: 1, poolState: 1 },
  ).lean();
  for (const customer of customers) {
    const customerId = String(customer._id);
    try {
      if (customer.poolState === 'staked') {
        await unstakeCustomer({ customerId, reason }, ctx);
        outcome.unstaked.push(customerId);
        continue;
      }
      const target = input.assignments?.get(customerId) ?? input.defaultTarget;
      if (target === 'pool') {
        await moveToPublic(customerId, ctx, { action: 'release', reason });
        outcome.released.push(customerId);
      } else {
        await transferCustomer({ customerId, toEmployeeId: target, reason, action: 'inherit' }, ctx);
        outcome.inherited.push({ customerId, toEmployeeId: String(target) });
      }
    } catch (error) {
      if (!isAppError(error)) {
        throw error;
      }
      outcome.failed.push({ customerId, code: error.code, message: error.message });
    }
  }
  return outcome;
}
