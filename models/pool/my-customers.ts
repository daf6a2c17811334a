import type { Types } from 'mongoose';
import { CustomerModel, type Customer, type DropReason } from '../customers/customer.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { AppError } from '../shared/app-error.js';
import { actingEmployee, sameId } from '../org/permissions.js';
import type { CustomerAction, PolicyCustomer, SubjectOf } from '../org/policy/actions.js';
import { actorFacts, departmentAnsweringFor } from '../org/policy/facts.js';
import { canEach } from '../org/policy/policy.js';
import type { DomainContext } from '../shared/domain-context.js';
import { describeEmployee, type EmployeeOverview } from './employee-overview.js';
import { dropCountdown, type DropCountdown } from './drop-countdown.js';

// A rep's customers as the domain sees them: the customers themselves, each with its countdown and the
// viewer's policy answers. The HTTP answer is shaped from this by server/routes/my/customer-book.presenter.ts.

const ownedFields = [
  'name',
  'grade',
  'stage',
  'locked',
  'completeness',
  'lastValidFollowUpAt',
  'protectedUntil',
  'dropReason',
  'poolState',
  'ownerId',
  'ownerDepartmentId',
  'cooldowns',
] as const;
const stakedFields = [
  'name',
  'completeness',
  'greenedAt',
  'stakeDeadline',
  'poolState',
  'stakedBy',
  'stage',
  'cooldowns',
] as const;
const projection = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, 1]));

export type OwnedAction = 'release' | 'followUp' | 'changeGrade' | 'lock' | 'unlock';
export type StakedAction = 'claim' | 'unstake' | 'updateProfile';

export interface OwnedCustomer {
  customer: Pick<Customer, '_id' | (typeof ownedFields)[number]>;
  /** Null for customers that never drop (locked, signed). */
  drop: DropCountdown | null;
  /** What the viewer may do with it now (the policy's answers). */
  can: Record<OwnedAction, boolean>;
}

export interface StakedCustomer {
  customer: Pick<Customer, '_id' | (typeof stakedFields)[number]>;
  /** Days left to green it, counted like a drop; null without a deadline. */
  daysLeft: number | null;
  /** What the viewer may do with it now (the policy's answers). */
  can: Record<StakedAction, boolean>;
}

export interface CustomerBook {
  employee: EmployeeOverview;
  /** The private pool (私海), the next to drop first, never-dropping ones last. */
  private: OwnedCustomer[];
  /** Staked customers, the nearest greening deadline first. */
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
    CustomerModel.find({ ownerId: employee._id, poolState: 'private' }, projection(ownedFields))
      .limit(PRIVATE_LIMIT)
      .lean<OwnedCustomer['customer'][]>(),
    CustomerModel.find({ stakedBy: employee._id, poolState: 'staked' }, projection(stakedFields))
      .limit(STAKED_LIMIT)
      .lean<StakedCustomer['customer'][]>(),
  ]);
  const may = await bookPolicy(employee, ctx);
  const dropTime = (d: Date | null | undefined) => d?.getTime() ?? Number.POSITIVE_INFINITY;
  owned.sort((a, b) => dropTime(a.protectedUntil) - dropTime(b.protectedUntil));
  staked.sort((a, b) => dropTime(a.stakeDeadline) - dropTime(b.stakeDeadline));
  const countdown = (until: Date, reason: DropReason | null) =>
    dropCountdown(until, reason, ctx.now, ctx.config.timezone);
  return {
    employee: overview,
    private: owned.map((c) => ({
      customer: c,
      drop: c.protectedUntil ? countdown(c.protectedUntil, c.dropReason ?? null) : null,
      can: may(c, ['release', 'followUp', 'changeGrade', 'lock', 'unlock']),
    })),
    staked: staked.map((c) => ({
      customer: c,
      daysLeft: c.stakeDeadline ? countdown(c.stakeDeadline, null).daysLeft : null,
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
