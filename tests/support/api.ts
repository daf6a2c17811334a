import { expect } from 'vitest';
import type { Employee } from '../../models/org/employee.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import type { Customer } from '../../models/customers/customer.model.js';
import type { TestApp } from './app.js';
import { employeeContext, makeDepartment, makeEmployee, makePublicCustomer } from './factories.js';

// Helpers for API tests through HTTP.

export interface ErrorAnswer {
  error: { code: string; message: string; details?: Record<string, unknown>; requestId?: string };
}

/** Asserts an error answer: status, code, and a Chinese message for the user; returns the body. */
export async function expectError(res: Response, status: number, code: string): Promise<ErrorAnswer> {
  const body = (await res.json()) as ErrorAnswer;
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code });
  expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  return body;
}

export async function json<T = Record<string, unknown>>(res: Response, status = 200): Promise<T> {
  const body = (await res.json()) as T;
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

export interface Team {
  manager: Employee;
  rep: Employee;
  other: Employee;
  outsider: Employee;
  ops: Employee;
  deptId: number;
}

/** A sales team (manager + two reps), a rep of another team, and an ops employee. */
export async function makeTeam(): Promise<Team> {
  const dept = await makeDepartment();
  const otherDept = await makeDepartment();
  return {
    deptId: dept.deptId,
    manager: await makeEmployee({
      role: 'manager',
      name: '王主管',
      mainDepartmentId: dept.deptId,
      leaderOfDepartmentIds: [dept.deptId],
    }),
    rep: await makeEmployee({ name: '张三', mainDepartmentId: dept.deptId }),
    other: await makeEmployee({ name: '李四', mainDepartmentId: dept.deptId }),
    outsider: await makeEmployee({ name: '赵六', mainDepartmentId: otherDept.deptId }),
    ops: await makeEmployee({ role: 'ops', name: '运营小周' }),
  };
}

/** A public customer claimed by the rep (through the domain). */
export async function ownedCustomer(app: TestApp, rep: Employee, name?: string): Promise<Customer> {
  const customer = await makePublicCustomer(app.clock.now(), name ? { name } : {});
  return claimCustomer({ customerId: customer._id }, employeeContext(rep, app.clock.now(), app.deps.config));
}
