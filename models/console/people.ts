import type { Types } from 'mongoose';
import { recordAudit } from '../org/audit.js';
import { DepartmentModel } from '../org/department.model.js';
import { EmployeeModel, type Employee, type Role } from '../org/employee.model.js';
import { actingEmployee } from '../org/permissions.js';
import { isAway } from '../org/away.js';
import { actorFacts } from '../org/policy/facts.js';
import { revokeEmployeeSessions } from '../org/sessions.js';
import { can } from '../org/policy/policy.js';
import { poolRulesResolver } from '../pool/pool-rules.js';
import { AppError } from '../shared/app-error.js';
import type { DomainContext } from '../shared/domain-context.js';
import { employeeToManage } from './employee-to-manage.js';
import { consoleScope, scopeEmployees } from './console-scope.js';

// 人员与权限: the employees WeCom knows, with their role, teams, business line and pool usage, and role
// changes (admins only; audited; the employee's sessions end, so the new role applies at their next login).

/** An employee as 人员与权限 lists them; the HTTP row is shaped by server/routes/console-people. */
export interface Person {
  employee: Employee;
  /** The names of the employee's departments, and of those they lead (the id when unknown). */
  departments: string[];
  leads: string[];
  businessLine: string;
  /** The capacity and staking limit of their pool rules. */
  limits: { capacity: number; stakeLimit: number };
  /** Whether the away period set holds at this moment. */
  awayNow: boolean;
  /** Whether the viewer may mark this employee away or back (the policy's setAway). */
  maySetAway: boolean;
}

export async function listPeople(ctx: DomainContext): Promise<{ people: Person[]; mayChangeRoles: boolean }> {
  const viewer = await actingEmployee(ctx.actor);
  const scope = await consoleScope(viewer);
  const employees = await scopeEmployees(scope);
  const departments = await DepartmentModel.find({}, { deptId: 1, name: 1, businessLine: 1 }).lean();
  const byId = new Map(departments.map((d) => [d.deptId, d]));
  const nameOf = (d: number) => byId.get(d)?.name ?? String(d);
  const rules = poolRulesResolver(ctx.config);
  const base = await actorFacts(viewer, ctx.now);
  const people: Person[] = [];
  for (const e of employees) {
    const r = await rules(e.mainDepartmentId ?? null);
    people.push({
      employee: e,
      departments: e.departmentIds.map(nameOf),
      leads: e.leaderOfDepartmentIds.map(nameOf),
      businessLine: byId.get(e.mainDepartmentId ?? -1)?.businessLine ?? '',
      limits: { capacity: r.capacity, stakeLimit: r.capacity * r.stakeMultiple },
      awayNow: isAway(e, ctx.now),
      maySetAway:
        e.status === 'active' &&
        can(viewer, 'setAway', e, { ...base, responsibleDepartmentId: e.mainDepartmentId ?? null }),
    });
  }
  const facts = { now: ctx.now, managedDepartmentIds: new Set<number>(), responsibleDepartmentId: null };
  return { people, mayChangeRoles: can(viewer, 'changeRole', viewer, facts) };
}

/** Sets an employee's role (admins only). The last admin cannot be demoted, so the console keeps one. */
export async function changeRole(
  input: { employeeId: Types.ObjectId | string; role: Role; reason?: string },
  ctx: DomainContext,
): Promise<Employee> {
  const employee = await employeeToManage(input.employeeId, 'changeRole', ctx);
  if (employee.role === input.role) {
    return employee;
  }
  if (employee.role === 'admin' && (await EmployeeModel.countDocuments({ role: 'admin', status: 'active' })) <= 1) {
    throw new AppError('INVALID_STATE', '至少要保留一名管理员');
  }
  if (input.role === 'manager' && employee.leaderOfDepartmentIds.length === 0) {
    throw new AppError('INVALID_STATE', '主管角色来自企业微信的部门负责人设置：请先在企业微信中设为部门负责人');
  }
  const updated = await EmployeeModel.findOneAndUpdate(
    { _id: employee._id, role: employee.role },
    { $set: { role: input.role, roleAssignedAt: ctx.now } },
    { returnDocument: 'after' },
  ).lean<Employee>();
  if (!updated) {
    throw new AppError('CONFLICT', '该员工的角色刚被修改，请刷新后重试');
  }
  await revokeEmployeeSessions(employee._id);
  await recordAudit(
    {
      action: 'role',
      subject: `employee:${employee.userId}`,
      before: { role: employee.role },
      after: { role: input.role },
      reason: input.reason,
    },
    ctx.actor,
    ctx.now,
  );
  return updated;
}
