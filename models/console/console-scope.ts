import { DepartmentModel } from '../org/department.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { managedDepartmentIds, seesEverything } from '../org/permissions.js';
import { AppError } from '../shared/app-error.js';

// What part of the company a console viewer sees: ops and admins all of it, a manager the teams they
// lead (with every team below). A drill-down narrows it to one department's subtree inside that.

export interface ConsoleScope {
  /** Departments visible; null = the whole company. */
  departmentIds: Set<number> | null;
  departments: { deptId: number; name: string; parentId: number | null }[];
}

async function subtree(rootId: number): Promise<Set<number>> {
  return managedDepartmentIds({ leaderOfDepartmentIds: [rootId] });
}

export async function consoleScope(viewer: Employee, departmentId?: number): Promise<ConsoleScope> {
  const all = await DepartmentModel.find({ deleted: { $ne: true } }, { deptId: 1, name: 1, parentId: 1 })
    .sort({ deptId: 1 })
    .lean();
  let visible: Set<number> | null = null;
  if (!seesEverything(viewer)) {
    if (viewer.role !== 'manager') {
      throw new AppError('FORBIDDEN', '管理后台仅对主管、销售运营和管理员开放');
    }
    visible = await managedDepartmentIds(viewer);
  }
  if (departmentId !== undefined) {
    if (visible && !visible.has(departmentId)) {
      throw new AppError('FORBIDDEN', '只能查看你负责的团队');
    }
    visible = await subtree(departmentId);
  }
  const departments = all
    .filter((d) => !visible || visible.has(d.deptId))
    .map((d) => ({ deptId: d.deptId, name: d.name, parentId: d.parentId ?? null }));
  return { departmentIds: visible, departments };
}

/** Sellers in the scope: reps, and managers who hold customers themselves (as the digest counts them). */
export async function scopeSellers(scope: ConsoleScope): Promise<Employee[]> {
  const employees = await EmployeeModel.find({ status: 'active', role: { $in: ['rep', 'manager'] } }).lean<
    Employee[]
  >();
  return employees.filter(
    (e) =>
      (e.role === 'rep' || e.privateCount > 0 || e.stakedCount > 0) &&
      (!scope.departmentIds || (e.mainDepartmentId != null && scope.departmentIds.has(e.mainDepartmentId))),
  );
}

/** Employees (any role, any status) in the scope. */
export async function scopeEmployees(scope: ConsoleScope): Promise<Employee[]> {
  const employees = await EmployeeModel.find({}).sort({ userId: 1 }).lean<Employee[]>();
  return employees.filter((e) => !scope.departmentIds || e.departmentIds.some((d) => scope.departmentIds!.has(d)));
}
