import type { Types } from 'mongoose';
import { CustomerModel } from '../customers/customer.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { AppError } from '../shared/app-error.js';
import type { DomainContext } from '../shared/domain-context.js';
import { describeEmployee, type EmployeeOverview } from './employee-overview.js';
import { dropCountdown, type DropCountdown } from './drop-countdown.js';

export interface OwnedCustomer {
  id: string;
  name: string;
  grade: string | null;
  stage: string;
  locked: boolean;
  completeness: number;
  lastValidFollowUpAt: string | null;
  /** Null for customers that never drop (locked, signed). */
  drop: DropCountdown | null;
}

export interface StakedCustomer {
  id: string;
  name: string;
  completeness: number;
  greened: boolean;
  stakeDeadline: string | null;
  daysLeft: number | null;
}

export interface CustomerBook {
  employee: Pick<EmployeeOverview, 'id' | 'name'>;
  pool: EmployeeOverview['pool'];
  private: OwnedCustomer[];
  staked: StakedCustomer[];
}

// Capacity bounds both lists; the limits only guard against a misconfigured capacity.
const PRIVATE_LIMIT = 1000;
const STAKED_LIMIT = 5000;

/**
 * A rep's private pool (私海) sorted by drop date — the next to drop first, never-dropping ones last —
 * with each countdown, plus their staked customers with the greening deadline.
 */
export async function customerBook(employee: Employee, ctx: DomainContext): Promise<CustomerBook> {
  const [overview, owned, staked] = await Promise.all([
    describeEmployee(employee, ctx.config, ctx.now),
    CustomerModel.find(
      { ownerId: employee._id, poolState: 'private' },
      {
        name: 1,
        grade: 1,
        stage: 1,
        locked: 1,
        completeness: 1,
        lastValidFollowUpAt: 1,
        protectedUntil: 1,
        dropReason: 1,
      },
    )
      .limit(PRIVATE_LIMIT)
      .lean(),
    CustomerModel.find(
      { stakedBy: employee._id, poolState: 'staked' },
      { name: 1, completeness: 1, greenedAt: 1, stakeDeadline: 1 },
    )
      .limit(STAKED_LIMIT)
      .lean(),
  ]);
  const dropTime = (d: Date | null | undefined) => d?.getTime() ?? Number.POSITIVE_INFINITY;
  owned.sort((a, b) => dropTime(a.protectedUntil) - dropTime(b.protectedUntil));
  staked.sort((a, b) => dropTime(a.stakeDeadline) - dropTime(b.stakeDeadline));
  return {
    employee: { id: overview.id, name: overview.name },
    pool: overview.pool,
    private: owned.map((c) => ({
      id: String(c._id),
      name: c.name,
      grade: c.grade ?? null,
      stage: c.stage,
      locked: c.locked,
      completeness: c.completeness,
      lastValidFollowUpAt: c.lastValidFollowUpAt?.toISOString() ?? null,
      drop: c.protectedUntil
        ? dropCountdown(c.protectedUntil, c.dropReason ?? null, ctx.now, ctx.config.timezone)
        : null,
    })),
    staked: staked.map((c) => ({
      id: String(c._id),
      name: c.name,
      completeness: c.completeness,
      greened: c.greenedAt != null,
      stakeDeadline: c.stakeDeadline?.toISOString() ?? null,
      daysLeft: c.stakeDeadline ? dropCountdown(c.stakeDeadline, null, ctx.now, ctx.config.timezone).daysLeft : null,
    })),
  };
}

export async function employeeById(employeeId: Types.ObjectId | string): Promise<Employee> {
  const employee = await EmployeeModel.findById(employeeId).lean<Employee>();
  if (!employee) {
    throw new AppError('EMPLOYEE_NOT_FOUND', '找不到该员工', { details: { employeeId: String(employeeId) } });
  }
  return employee;
}

/** The employee's pool usage as it is now (after an action), for the capacity bar. */
export async function poolUsage(
  employeeId: Types.ObjectId | string,
  ctx: DomainContext,
): Promise<EmployeeOverview['pool']> {
  return (await describeEmployee(await employeeById(employeeId), ctx.config, ctx.now)).pool;
}
