import { DepartmentModel } from '../org/department.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { managedDepartmentIds } from '../org/permissions.js';

// Who gets which evening review: each manager the teams they lead (with every sub-team), each ops
// member the whole company.

export interface ReviewScope {
  kind: 'team' | 'company';
  recipient: Pick<Employee, '_id' | 'userId' | 'name'>;
  name: string;
  departmentIds: number[];
  reps: Employee[];
}

/** Every review to send tonight. */
export async function reviewScopes(options: { recipientIds?: string[] } = {}): Promise<ReviewScope[]> {
  const [employees, departments] = await Promise.all([
    EmployeeModel.find({ status: 'active' }).lean<Employee[]>(),
    DepartmentModel.find({ deleted: { $ne: true } }, { deptId: 1, name: 1 }).lean(),
  ]);
  const names = new Map(departments.map((d) => [d.deptId, d.name]));
  // Managers count as sellers only when they hold customers themselves.
  const holdsCustomers = (e: Employee) => e.privateCount > 0 || e.stakedCount > 0;
  const sellers = employees.filter((e) => e.role === 'rep' || (e.role === 'manager' && holdsCustomers(e)));
  const wanted = (e: Employee) => !options.recipientIds || options.recipientIds.includes(String(e._id));

  const scopes: ReviewScope[] = [];
  for (const manager of employees.filter(
    (e) => e.role === 'manager' && e.leaderOfDepartmentIds.length > 0 && wanted(e),
  )) {
    // The same notion of "my teams" as every permission check.
    const scope = await managedDepartmentIds(manager);
    const reps = sellers.filter((e) => e.mainDepartmentId != null && scope.has(e.mainDepartmentId));
    scopes.push({
      kind: 'team',
      recipient: manager,
      name: manager.leaderOfDepartmentIds.map((id) => names.get(id) ?? String(id)).join('、'),
      departmentIds: [...scope].sort((a, b) => a - b),
      reps,
    });
  }
  for (const ops of employees.filter((e) => e.role === 'ops' && wanted(e))) {
    scopes.push({
      kind: 'company',
      recipient: ops,
      name: '全公司',
      departmentIds: departments.map((d) => d.deptId),
      reps: sellers,
    });
  }
  return scopes;
}

export async function departmentNames(): Promise<Map<number, string>> {
  const departments = await DepartmentModel.find({}, { deptId: 1, name: 1 }).lean();
  return new Map(departments.map((d) => [d.deptId, d.name]));
}
