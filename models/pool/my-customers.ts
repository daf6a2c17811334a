import type { Types } from 'mongoose';
import type { Grade } from '../../config/pool-rules.js';
import { CustomerModel, type Stage } from '../customers/customer.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { AppError } from '../shared/app-error.js';
import { actingEmployee, sameId } from '../org/permissions.js';
import type { CustomerAction, PolicyCustomer, SubjectOf } from '../org/policy/actions.js';
import { actorFacts, departmentAnsweringFor } from '../org/policy/facts.js';
import { canEach } from '../org/policy/policy.js';
import type { DomainContext } from '../shared/domain-context.js';
import { describeEmployee, type EmployeeOverview } from './employee-overview.js';
import { dropCountdown, type DropCountdown } from './drop-countdown.js';

export interface OwnedCustomer {
  id: string;
  name: string;
  grade: Grade | null;
  stage: Stage;
  locked: boolean;
  completeness: number;
  lastValidFollowUpAt: string | null;
  /** Null for customers that never drop (locked, signed). */
  drop: DropCountdown | null;
  /** What the viewer may do with it now (the policy's answers). */
  can: { release: boolean; followUp: boolean; changeGrade: boolean; lock: boolean; unlock: boolean };
}

export interface StakedCustomer {
  id: string;
  name: string;
  completeness: number;
  greened: boolean;
  stakeDeadline: string | null;
  daysLeft: number | null;
  /** What the viewer may do with it now (the policy's answers). */
  can: { claim: boolean; unstake: boolean; updateProfile: boolean };
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
 * The policy's answers for the viewer (the rep, or their manager reading the team page) on the book's
 * customers; every one of them answers to the book's employee's department.
 */
async function bookPolicy(employee: Employee, ctx: DomainContext) {
  const viewer =
    ctx.actor.kind === 'employee' && !sameId(ctx.actor.employeeId, employee._id)
      ? await actingEmployee(ctx.actor)
      : employee;
  const facts = await actorFacts(viewer, ctx.now);
  return <A extends CustomerAction>(customer: PolicyCustomer, actions: A[]): Record<A, boolean> =>
    canEach(viewer, actions, customer as SubjectOf<A>, {
      ...facts,
      responsibleDepartmentId: departmentAnsweringFor(customer, employee.mainDepartmentId ?? null),
    });
}

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
        poolState: 1,
        ownerId: 1,
        ownerDepartmentId: 1,
        cooldowns: 1,
      },
    )
      .limit(PRIVATE_LIMIT)
      .lean(),
    CustomerModel.find(
      { stakedBy: employee._id, poolState: 'staked' },
      { name: 1, completeness: 1, greenedAt: 1, stakeDeadline: 1, poolState: 1, stakedBy: 1, stage: 1, cooldowns: 1 },
    )
      .limit(STAKED_LIMIT)
      .lean(),
  ]);
  const may = await bookPolicy(employee, ctx);
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
      can: may(c, ['release', 'followUp', 'changeGrade', 'lock', 'unlock']),
    })),
    staked: staked.map((c) => ({
      id: String(c._id),
      name: c.name,
      completeness: c.completeness,
      greened: c.greenedAt != null,
      stakeDeadline: c.stakeDeadline?.toISOString() ?? null,
      daysLeft: c.stakeDeadline ? dropCountdown(c.stakeDeadline, null, ctx.now, ctx.config.timezone).daysLeft : null,
      can: may(c, ['claim', 'unstake', 'updateProfile']),
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
