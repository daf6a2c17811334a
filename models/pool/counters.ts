import type { Types } from 'mongoose';
import type { Customer } from '../customers/customer.model.js';
import { ClaimCounterModel } from './claim-counter.model.js';
import { EmployeeModel } from '../org/employee.model.js';
import { AppError } from '../shared/app-error.js';
import { businessDate } from '../shared/business-day.js';
import { isDuplicateKeyError } from '../shared/duplicate-key.js';

// Counters are reserved before a change and given back if the change does not happen. Each
// reservation is one conditional update with the limit in its filter, so concurrent reservations can
// never pass the limit. A crash between reserving and giving back can only leave a counter too high
// (never past the limit); the reconciler repairs that.

export type PoolCounter = 'privateCount' | 'stakedCount';

/** Takes one unit of the employee's capacity, or throws POOL_CAPACITY_FULL / STAKE_CAPACITY_FULL. */
export async function reserveCapacity(employeeId: Types.ObjectId, counter: PoolCounter, limit: number): Promise<void> {
  const reserved = await EmployeeModel.findOneAndUpdate(
    { _id: employeeId, status: 'active', [counter]: { $lt: limit } },
    { $inc: { [counter]: 1 } },
    { returnDocument: 'after', projection: { _id: 1 } },
  ).lean();
  if (reserved) {
    return;
  }
  const employee = await EmployeeModel.findById(employeeId, { name: 1, status: 1, [counter]: 1 }).lean();
  if (!employee) {
    throw new AppError('EMPLOYEE_NOT_FOUND', '找不到该员工');
  }
  if (employee.status !== 'active') {
    throw new AppError('EMPLOYEE_INACTIVE', `${employee.name} 已离职，不能再持有客户`);
  }
  const used = employee[counter];
  if (counter === 'privateCount') {
    throw new AppError('POOL_CAPACITY_FULL', `私海库容已满（${used}/${limit}），请先释放一个客户再认领`, {
      details: { used, limit, employeeId: String(employeeId) },
    });
  }
  throw new AppError('STAKE_CAPACITY_FULL', `占坑数量已达上限（${used}/${limit}）`, { details: { used, limit } });
}

/** Gives back one unit; never goes below zero. */
export async function releaseCapacity(
  employeeId: Types.ObjectId | null | undefined,
  counter: PoolCounter,
): Promise<void> {
  if (!employeeId) {
    return;
  }
  await EmployeeModel.updateOne({ _id: employeeId, [counter]: { $gt: 0 } }, { $inc: { [counter]: -1 } });
}

/** Gives back the unit the customer's holder used: the owner's private capacity, or the staker's allowance. */
export async function releaseHolderCapacity(
  before: Pick<Customer, 'poolState' | 'ownerId' | 'stakedBy'>,
): Promise<void> {
  if (before.poolState === 'private') {
    await releaseCapacity(before.ownerId, 'privateCount');
  } else if (before.poolState === 'staked') {
    await releaseCapacity(before.stakedBy, 'stakedCount');
  }
}

function claimCounterId(employeeId: Types.ObjectId, now: Date, timeZone: string): string {
  return `${String(employeeId)}:${businessDate(now, timeZone)}`;
}

/** Counts one claim toward today's limit, or throws DAILY_CLAIM_LIMIT. */
export async function reserveDailyClaim(
  employeeId: Types.ObjectId,
  limit: number,
  now: Date,
  timeZone: string,
): Promise<void> {
  const _id = claimCounterId(employeeId, now, timeZone);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const counted = await ClaimCounterModel.findOneAndUpdate(
        { _id, count: { $lt: limit } },
        { $inc: { count: 1 } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      if (counted) {
        return;
      }
    } catch (error) {
      // The filter missed an existing counter (limit reached) or two first claims raced to insert it.
      if (!isDuplicateKeyError(error)) {
        throw error;
      }
      const existing = await ClaimCounterModel.findById(_id).lean();
      if (existing && existing.count >= limit) {
        break;
      }
    }
  }
  throw new AppError('DAILY_CLAIM_LIMIT', `今日认领次数已达上限（${limit} 次），明天再来`, { details: { limit } });
}

export async function releaseDailyClaim(employeeId: Types.ObjectId, now: Date, timeZone: string): Promise<void> {
  await ClaimCounterModel.updateOne(
    { _id: claimCounterId(employeeId, now, timeZone), count: { $gt: 0 } },
    { $inc: { count: -1 } },
  );
}

export async function claimsToday(employeeId: Types.ObjectId, now: Date, timeZone: string): Promise<number> {
  return (await ClaimCounterModel.findById(claimCounterId(employeeId, now, timeZone)).lean())?.count ?? 0;
}
