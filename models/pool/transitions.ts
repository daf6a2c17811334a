import type { Types } from 'mongoose';
import type { Customer } from '../customers/customer.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { AppError } from '../shared/app-error.js';
import { dateTimeLabel } from '../messages/format.js';
import { DAY } from '../shared/clock.js';
import type { DomainContext } from '../shared/domain-context.js';
import { canManageDepartment, sameId } from '../org/permissions.js';

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
    ownerId: null,
    ownerDepartmentId: null,
    claimedAt: null,
    protectedUntil: null,
    dropReason: null,
    locked: false,
    lockedBy: null,
    stakedBy: null,
    stakedAt: null,
    stakeDeadline: null,
    publicSince: now,
    cooldowns,
  };
}

export async function employeeName(employeeId: Types.ObjectId | null | undefined): Promise<string> {
  if (!employeeId) {
    return '';
  }
  return (await EmployeeModel.findById(employeeId, { name: 1 }).lean())?.name ?? '';
}

/** Refuses a claim or stake of a customer that is not free for this employee. */
export async function assertFreeFor(
  current: Customer,
  employee: Employee,
  { now, config }: Pick<DomainContext, 'now' | 'config'>,
  allowOwnStake: boolean,
): Promise<void> {
  if (current.poolState === 'quarantined') {
    throw new AppError('CUSTOMER_QUARANTINED', '该客户已被隔离（数据待清洗），暂不能认领');
  }
  if (current.poolState === 'private') {
    const mine = sameId(current.ownerId, employee._id);
    const owner = mine ? employee.name : await employeeName(current.ownerId);
    throw new AppError('ALREADY_OWNED', mine ? '该客户已在你的私海中' : `该客户已被 ${owner} 认领`, {
      details: { ownerId: String(current.ownerId), ownerName: owner, state: 'private', mine },
    });
  }
  if (current.poolState === 'staked' && !(allowOwnStake && sameId(current.stakedBy, employee._id))) {
    const mine = sameId(current.stakedBy, employee._id);
    const staker = mine ? employee.name : await employeeName(current.stakedBy);
    throw new AppError('ALREADY_OWNED', mine ? '你已占坑该客户' : `该客户已被 ${staker} 占坑`, {
      details: { ownerId: String(current.stakedBy), ownerName: staker, state: 'staked', mine },
    });
  }
  const until = cooldownFor(current, employee._id, now);
  if (until) {
    throw new AppError(
      'COOLDOWN_ACTIVE',
      `你刚释放或掉保了该客户，冷静期内不能再认领（${dateTimeLabel(until, now, config.timezone)} 后可认领）`,
      {
        details: { until: until.toISOString() },
      },
    );
  }
}

/** The owner may act on their own customer; otherwise a manager of its team, ops or an admin. */
export async function assertOwnerOrManager(current: Customer, employee: Employee): Promise<void> {
  const owner = current.ownerId ?? current.stakedBy;
  if (sameId(owner, employee._id)) {
    return;
  }
  if (await canManageDepartment(employee, current.ownerDepartmentId ?? employee.mainDepartmentId ?? null)) {
    if (employee.role !== 'rep') {
      return;
    }
  }
  throw new AppError('NOT_OWNER', '这不是你的客户，只有负责人或其主管可以操作', {
    details: { ownerId: owner ? String(owner) : null },
  });
}
