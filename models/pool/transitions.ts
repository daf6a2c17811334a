import { noHolder } from '../customers/no-holder.js';
import type { Types } from 'mongoose';
import type { Customer } from '../customers/customer.model.js';
import { EmployeeModel } from '../org/employee.model.js';
import { dateTimeLabel } from '../messages/format.js';
import { AppError, isAppError } from '../shared/app-error.js';
import { DAY } from '../shared/clock.js';
import type { DomainContext } from '../shared/domain-context.js';
import { sameId } from '../org/permissions.js';
import type { PoolRules } from '../../config/pool-rules.js';
import { computeProtection } from './protection.js';

// Building blocks shared by the pool operations.

export function activeCooldowns(customer: Pick<Customer, 'cooldowns'>, now: Date): Customer['cooldowns'] {
  return customer.cooldowns.filter((c) => c.until > now);
}

export function cooldownFor(customer: Pick<Customer, 'cooldowns'>, employeeId: Types.ObjectId, now: Date): Date | null {
  const found = activeCooldowns(customer, now).find((c) => sameId(c.employeeId, employeeId));
  return found ? found.until : null;
}

/** The fields of a customer returning to the public pool; the previous owner gets the re-claim cooldown. */
export function publicFields(current: Customer, now: Date, cooldownDays: number): Partial<Customer> {
  const previous = current.ownerId ?? current.stakedBy;
  const cooldowns = activeCooldowns(current, now).filter((c) => !sameId(c.employeeId, previous));
  if (previous && cooldownDays > 0 && current.poolState === 'private') {
    cooldowns.push({ employeeId: previous, until: new Date(now.getTime() + cooldownDays * DAY) });
  }
  return {
    poolState: 'public',
    ...noHolder,
    publicSince: now,
    cooldowns,
  };
}

/** Whom a customer becomes private to. */
export type NewOwner = { _id: Types.ObjectId; mainDepartmentId?: number | null };

/** No stake: what a customer taken into a private pool leaves behind. */
export const noStake = { stakedBy: null, stakedAt: null, stakeDeadline: null } as const satisfies Partial<Customer>;

/**
 * The fields of a customer becoming the owner's private customer now (claim, assignment, transfer): out of the
 * public pool, the cooldowns still running kept, `also` for what else the move changes, and the drop date the
 * rules give it.
 */
export function privateFields(
  current: Customer,
  owner: NewOwner,
  rules: PoolRules,
  ctx: Pick<DomainContext, 'now' | 'config'>,
  also: Partial<Customer>,
): Partial<Customer> {
  const set: Partial<Customer> = {
    poolState: 'private',
    ownerId: owner._id,
    ownerDepartmentId: owner.mainDepartmentId ?? null,
    claimedAt: ctx.now,
    publicSince: null,
    ...also,
    cooldowns: activeCooldowns(current, ctx.now),
  };
  return { ...set, ...computeProtection({ ...current, ...set }, rules, ctx.config.timezone) };
}

export async function employeeName(employeeId: Types.ObjectId | null | undefined): Promise<string> {
  if (!employeeId) {
    return '';
  }
  return (await EmployeeModel.findById(employeeId, { name: 1 }).lean())?.name ?? '';
}

/** The policy states a cooldown's end as an instant; a person reads it in the business time zone, in Chinese. */
export function cooldownInBusinessTime(ctx: Pick<DomainContext, 'now' | 'config'>): (error: unknown) => never {
  return (error) => {
    const until = isAppError(error, 'COOLDOWN_ACTIVE') ? error.details?.until : undefined;
    if (typeof until === 'string') {
      const label = dateTimeLabel(new Date(until), ctx.now, ctx.config.timezone);
      throw new AppError('COOLDOWN_ACTIVE', `你刚释放或掉保了该客户，冷静期内不能再认领（${label} 后可认领）`, {
        details: (error as AppError).details,
      });
    }
    throw error;
  };
}
