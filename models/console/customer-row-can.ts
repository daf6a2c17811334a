import type { Customer } from '../customers/customer.model.js';
import type { Employee } from '../org/employee.model.js';
import { actorFacts, departmentAnsweringFor } from '../org/policy/facts.js';
import { can } from '../org/policy/policy.js';

// The 客户 list's buttons per row, from the one policy: 分配/转交 (move; whom to is asked per customer
// through reassign-targets), 锁定 and 解锁. A button is shown exactly when the command would pass the policy.

export interface RowCan {
  reassign: boolean;
  lock: boolean;
  unlock: boolean;
}

export type RowCanOf = (customer: Customer, stakerDepartmentId: number | null) => RowCan;

/** The viewer's answers for any row of one page: the actor's facts are loaded once. */
export async function rowCanFor(viewer: Employee, now: Date): Promise<RowCanOf> {
  const base = await actorFacts(viewer, now);
  return (customer, stakerDepartmentId) => {
    const facts = { ...base, responsibleDepartmentId: departmentAnsweringFor(customer, stakerDepartmentId) };
    return {
      reassign: can(viewer, 'move', customer, facts),
      lock: can(viewer, 'lock', customer, facts),
      unlock: can(viewer, 'unlock', customer, facts),
    };
  };
}
