import { EmployeeModel } from '../employee.model.js';
import { managedDepartmentIds } from '../permissions.js';
import {
  customerActions,
  employeeActions,
  reassignActions,
  type Action,
  type PolicyActor,
  type PolicyCustomer,
  type SubjectOf,
} from './actions.js';

/** What the policy needs to know besides the actor and the subject; loaded once, then every can() is plain code. */
export interface PolicyFacts {
  now: Date;
  /** Departments the actor leads, with every department below them (empty unless a manager). */
  managedDepartmentIds: ReadonlySet<number>;
  /**
   * The department whose manager answers for the subject: a private customer's owner department, a staked
   * customer's staker's department, an employee's own department; null for customers nobody holds.
   */
  responsibleDepartmentId: number | null;
  /** reassign: the receiving employee's department. */
  targetDepartmentId?: number | null;
}

/** The actor's part of the facts, shared by every subject of one request (e.g. a page of the pool). */
export async function actorFacts(
  actor: Pick<PolicyActor, 'role'> & { leaderOfDepartmentIds?: number[] | null },
  now: Date,
): Promise<Pick<PolicyFacts, 'now' | 'managedDepartmentIds'>> {
  const managed =
    actor.role === 'manager' && actor.leaderOfDepartmentIds?.length
      ? await managedDepartmentIds({ leaderOfDepartmentIds: actor.leaderOfDepartmentIds })
      : new Set<number>();
  return { now, managedDepartmentIds: managed };
}

/** The department answering for a customer, given its staker's department: the owner's, or the staker's. */
export function departmentAnsweringFor(customer: PolicyCustomer, stakerDepartmentId: number | null): number | null {
  if (customer.poolState === 'private') {
    return customer.ownerDepartmentId ?? null;
  }
  return customer.poolState === 'staked' ? stakerDepartmentId : null;
}

/** The department answering for a customer: the owner's, or the staker's; never the viewer's. */
export async function responsibleDepartment(customer: PolicyCustomer): Promise<number | null> {
  if (customer.poolState !== 'staked' || !customer.stakedBy) {
    return departmentAnsweringFor(customer, null);
  }
  const staker = await EmployeeModel.findById(customer.stakedBy, { mainDepartmentId: 1 }).lean();
  return departmentAnsweringFor(customer, staker?.mainDepartmentId ?? null);
}

/** Every fact the action on this subject needs. */
export async function policyFacts<A extends Action>(
  actor: Pick<PolicyActor, 'role'> & { leaderOfDepartmentIds?: number[] | null },
  action: A,
  subject: SubjectOf<A>,
  now: Date,
): Promise<PolicyFacts> {
  const base = await actorFacts(actor, now);
  if ((customerActions as readonly string[]).includes(action)) {
    return { ...base, responsibleDepartmentId: await responsibleDepartment(subject as PolicyCustomer) };
  }
  if ((reassignActions as readonly string[]).includes(action)) {
    const { customer, target } = subject as SubjectOf<'reassign'>;
    return {
      ...base,
      responsibleDepartmentId: await responsibleDepartment(customer),
      targetDepartmentId: target.mainDepartmentId ?? null,
    };
  }
  if ((employeeActions as readonly string[]).includes(action)) {
    return { ...base, responsibleDepartmentId: (subject as SubjectOf<'handOver'>).mainDepartmentId ?? null };
  }
  return { ...base, responsibleDepartmentId: null };
}
