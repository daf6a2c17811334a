import { isValidObjectId, Types } from 'mongoose';
import { DepartmentModel } from './department.model.js';
import { EmployeeModel, type Employee } from './employee.model.js';
import { AppError } from '../shared/app-error.js';
import type { Actor } from '../shared/domain-context.js';
import { groupedById } from '../shared/group-commit.js';

// The employee a request authenticated, by its actor: read once per request (the session check), not again by
// every domain function the request calls.
const loadedActors = new WeakMap<Actor, Employee>();

/** Remembers the active employee already read for this actor (server/middleware/authenticate.ts). */
export function rememberActingEmployee(actor: Actor, employee: Employee): void {
  loadedActors.set(actor, employee);
}

/** The acting employee, who must exist and be active. */
export async function actingEmployee(actor: Actor): Promise<Employee> {
  if (actor.kind !== 'employee') {
    throw new AppError('FORBIDDEN', '该操作只能由员工本人发起');
  }
  return loadedActors.get(actor) ?? activeEmployee(actor.employeeId);
}

const employeesById = groupedById(
  (ids) => EmployeeModel.collection.find({ _id: { $in: ids as Types.ObjectId[] } }).toArray() as Promise<Employee[]>,
);

/**
 * The employee as stored now, or null: concurrent reads (every request's session check) share one read, each
 * started after its callers asked (models/shared/group-commit.ts).
 */
export async function readEmployee(employeeId: Types.ObjectId | string): Promise<Employee | null> {
  if (!isValidObjectId(employeeId)) {
    return EmployeeModel.findById(employeeId).lean<Employee>();
  }
  return employeesById(typeof employeeId === 'string' ? new Types.ObjectId(employeeId) : employeeId);
}

export async function activeEmployee(employeeId: Types.ObjectId | string): Promise<Employee> {
  const employee = await readEmployee(employeeId);
  if (!employee) {
    throw new AppError('EMPLOYEE_NOT_FOUND', '找不到该员工', { details: { employeeId: String(employeeId) } });
  }
  if (employee.status !== 'active') {
    throw new AppError('EMPLOYEE_INACTIVE', `${employee.name} 已离职，不能再持有客户`, {
      details: { employeeId: String(employee._id) },
    });
  }
  return employee;
}

/** Department ids the employee leads, with every department below them. */
export async function managedDepartmentIds(employee: Pick<Employee, 'leaderOfDepartmentIds'>): Promise<Set<number>> {
  const scope = new Set<number>(employee.leaderOfDepartmentIds);
  let frontier = [...scope];
  // Breadth-first down the tree; bounded by the number of departments.
  while (frontier.length > 0) {
    const children = await DepartmentModel.find({ parentId: { $in: frontier } }, { deptId: 1 }).lean();
    frontier = children.map((c) => c.deptId).filter((id) => !scope.has(id));
    frontier.forEach((id) => scope.add(id));
  }
  return scope;
}

export function seesEverything(employee: Employee): boolean {
  return employee.role === 'ops' || employee.role === 'admin';
}

export function sameId(
  a: Types.ObjectId | string | null | undefined,
  b: Types.ObjectId | string | null | undefined,
): boolean {
  return a != null && b != null && String(a) === String(b);
}
