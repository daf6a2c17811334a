import type { Types } from 'mongoose';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { actingEmployee } from '../org/permissions.js';
import type { EmployeeAction } from '../org/policy/actions.js';
import { authorize } from '../org/policy/policy.js';
import { AppError } from '../shared/app-error.js';
import type { DomainContext } from '../shared/domain-context.js';

/** The employee a 人员与权限 command acts on, read and authorised for the action; 404 when unknown. */
export async function employeeToManage(
  employeeId: Types.ObjectId | string,
  action: EmployeeAction,
  ctx: DomainContext,
): Promise<Employee> {
  const viewer = await actingEmployee(ctx.actor);
  const employee = await EmployeeModel.findById(employeeId).lean<Employee>();
  if (!employee) {
    throw new AppError('EMPLOYEE_NOT_FOUND', '找不到该员工');
  }
  await authorize(viewer, action, employee, ctx.now);
  return employee;
}
