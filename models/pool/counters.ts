import type { Types } from 'mongoose';
import type { PoolCounter } from './capacity-reservation.js';
import type { Customer } from '../customers/customer.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { AppError } from '../shared/app-error.js';
import { businessDate } from '../shared/business-day.js';
import { readEmployee } from '../org/permissions.js';
import { dayStartedHere, rememberStartedDay, startingDay } from './claim-day.js';

// Counters are reserved before a change and given back if the change does not happen. Each
// reservation is one conditional update with the limit in its filter, so concurrent reservations can
// never pass the limit. A crash between reserving and giving back can only leave a counter too high
// (never past the limit); the reconciler repairs that. Each reservation stamps `reservedAt` (wall clock):
// between a reservation and its change a counter is rightly one ahead, so the reconciler lowers a counter
// only when nothing was reserved on it for RESERVATION_IN_FLIGHT_MS.

/** Longer than any change takes between reserving its unit and writing the customer. */
export const RESERVATION_IN_FLIGHT_MS = 30_000;

export { reserveCapacity, type PoolCounter } from './capacity-reservation.js';

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

export interface ClaimReservation {
  /** The business day the claim was counted on. */
  day: string;
  /** The employee's counters right after the reservation. */
  privateCount: number;
  stakedCount: number;
  claimsToday: number;
}

type ClaimCounters = Pick<Employee, 'privateCount' | 'stakedCount' | 'claimsOnDay'>;

/** The employee's claims counted on the business day of `now` (a count of another day is 0 today). */
export function claimsToday(employee: Pick<Employee, 'claimDay' | 'claimsOnDay'>, now: Date, timeZone: string): number {
  return employee.claimDay === businessDate(now, timeZone) ? employee.claimsOnDay : 0;
}

type ClaimLimits = { capacity: number; dailyClaimLimit: number };
type ClaimState = Pick<Employee, '_id' | 'name' | 'status' | 'privateCount' | 'claimDay' | 'claimsOnDay'>;

/** Why the employee, as read, cannot claim now (daily limit first, then capacity), or null. */
export function claimRefusal(employee: ClaimState, limits: ClaimLimits, day: string): AppError | null {
  if (employee.status !== 'active') {
    return new AppError('EMPLOYEE_INACTIVE', `${employee.name} 已离职，不能再持有客户`);
  }
  const limit = limits.dailyClaimLimit;
  if ((employee.claimDay === day ? employee.claimsOnDay : 0) >= limit) {
    return new AppError('DAILY_CLAIM_LIMIT', `今日认领次数已达上限（${limit} 次），明天再来`, { details: { limit } });
  }
  const used = employee.privateCount;
  if (used >= limits.capacity) {
    return new AppError('POOL_CAPACITY_FULL', `私海库容已满（${used}/${limits.capacity}），请先释放一个客户再认领`, {
      details: { used, limit: limits.capacity, employeeId: String(employee._id) },
    });
  }
  return null;
}

/**
 * Takes one unit of capacity and counts one claim toward today's limit in one conditional update of the
 * employee (both or neither), or throws DAILY_CLAIM_LIMIT / POOL_CAPACITY_FULL / EMPLOYEE_INACTIVE. The
 * first claim of a day restarts the count. `asRead` is the employee as this operation read it: when it
 * already shows a limit reached the claim is refused without a write (as if it had run at that read), and
 * its day picks which of the two updates to try first. An update that misses is followed by a fresh read
 * (shared with concurrent ones), which says which limit holds or which update to try next.
 */
export async function reserveClaim(
  asRead: Employee,
  limits: ClaimLimits,
  now: Date,
  timeZone: string,
): Promise<ClaimReservation> {
  const day = businessDate(now, timeZone);
  const early = claimRefusal(asRead, limits, day);
  if (early) {
    throw early;
  }
  const employees = EmployeeModel.collection;
  const options = { returnDocument: 'after', projection: { privateCount: 1, stakedCount: 1, claimsOnDay: 1 } } as const;
  const room = { _id: asRead._id, status: 'active', privateCount: { $lt: limits.capacity } };
  const sameDay = () =>
    employees.findOneAndUpdate(
      { ...room, claimDay: day, claimsOnDay: { $lt: limits.dailyClaimLimit } },
      { $inc: { privateCount: 1, claimsOnDay: 1 }, $set: { reservedAt: new Date() } },
      options,
    );
  const newDay = () =>
    employees.findOneAndUpdate(
      { ...room, claimDay: { $ne: day } },
      { $inc: { privateCount: 1 }, $set: { claimDay: day, claimsOnDay: 1, reservedAt: new Date() } },
      options,
    );
  // No await between the look and the first update unless a start is in flight: concurrent claims see each other's.
  const known = asRead.claimDay === day || dayStartedHere(asRead._id, day);
  let started = typeof known === 'boolean' ? known : await known;
  for (let attempt = 0; attempt < 5; attempt++) {
    const reserved = (await (started ? sameDay() : startingDay(asRead._id, newDay))) as ClaimCounters | null;
    if (reserved) {
      rememberStartedDay(asRead._id, day);
      const { privateCount, stakedCount, claimsOnDay } = reserved;
      return { day, privateCount, stakedCount, claimsToday: claimsOnDay };
    }
    // Missed: say which limit holds, or try the update the day's count now calls for.
    const fresh = await readEmployee(asRead._id);
    if (!fresh) {
      throw new AppError('EMPLOYEE_NOT_FOUND', '找不到该员工');
    }
    const refusal = claimRefusal(fresh, limits, day);
    if (refusal) {
      throw refusal;
    }
    started = fresh.claimDay === day;
  }
  throw new AppError('CONFLICT', '认领过于频繁，请稍后重试');
}

/** Gives back a reservation whose claim did not happen: the capacity, and the day's count if it is still that day's. */
export async function releaseClaim(
  employeeId: Types.ObjectId,
  reservation: Pick<ClaimReservation, 'day'>,
): Promise<void> {
  const employees = EmployeeModel.collection;
  const both = await employees.updateOne(
    { _id: employeeId, privateCount: { $gt: 0 }, claimDay: reservation.day, claimsOnDay: { $gt: 0 } },
    { $inc: { privateCount: -1, claimsOnDay: -1 } },
  );
  if (both.matchedCount === 0) {
    await employees.updateOne({ _id: employeeId, privateCount: { $gt: 0 } }, { $inc: { privateCount: -1 } });
  }
}
