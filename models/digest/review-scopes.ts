import { departmentTree, departmentsUnder, type DepartmentTree } from '../org/department-tree.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';

// Who gets which evening review: each manager the teams they lead (with every sub-team), each ops
// member the whole company.

export interface ReviewScope {
  kind: 'team' | 'company';
  recipient: Pick<Employee, '_id' | 'userId' | 'name'>;
  name: string;
  departmentIds: number[];
  reps: Employee[];
}

// Managers count as sellers only when they hold customers themselves.
const isSeller = (e: Employee) =>
  e.role === 'rep' || (e.role === 'manager' && (e.privateCount > 0 || e.stakedCount > 0));

/** Every review to send tonight, or those of the given recipients (by id, or as the caller already read them). */
export async function reviewScopes(
  options: { recipientIds?: string[]; recipients?: Employee[] } = {},
): Promise<ReviewScope[]> {
  const recipientIds = options.recipients?.map((e) => String(e._id)) ?? options.recipientIds;
  const recipients = options.recipients
    ? options.recipients.filter((e) => e.status === 'active')
    : recipientIds
      ? await EmployeeModel.find({ _id: { $in: recipientIds }, status: 'active' }).lean<Employee[]>()
      : null;
  // A few managers' reviews (the mini-app's team page) read their own teams; anything else the whole org.
  if (recipients && recipients.every((e) => e.role !== 'ops')) {
    return managerScopes(recipients);
  }
  const [employees, tree] = await Promise.all([
    EmployeeModel.find({ status: 'active' }).lean<Employee[]>(),
    departmentTree(),
  ]);
  const sellers = employees.filter(isSeller);
  const wanted = (e: Employee) => !recipientIds || recipientIds.includes(String(e._id));
  const scopes = await managerScopes(employees.filter(wanted), tree, sellers);
  for (const ops of employees.filter((e) => e.role === 'ops' && wanted(e))) {
    scopes.push({
      kind: 'company',
      recipient: ops,
      name: '全公司',
      departmentIds: tree.departments.filter((d) => !d.deleted).map((d) => d.deptId),
      reps: sellers,
    });
  }
  return scopes;
}

/**
 * Each manager's teams (with every sub-team, walked on the department tree: the same notion of "my teams" as every
 * permission check) and their sellers: among those already read, or read for these managers alone.
 */
async function managerScopes(candidates: Employee[], known?: DepartmentTree, sellers?: Employee[]) {
  const managers = candidates.filter((e) => e.role === 'manager' && e.leaderOfDepartmentIds.length > 0);
  const tree = known ?? (await departmentTree());
  const names = new Map(tree.departments.filter((d) => !d.deleted).map((d) => [d.deptId, d.name]));
  // Each manager's read runs at once with the others'; the scopes keep the managers' order.
  return Promise.all(
    managers.map(async (manager): Promise<ReviewScope> => {
      const scope = departmentsUnder(tree, manager.leaderOfDepartmentIds);
      const inScope = (e: Employee) => e.mainDepartmentId != null && scope.has(e.mainDepartmentId);
      const reps = sellers
        ? sellers.filter(inScope)
        : (
            await EmployeeModel.find({ mainDepartmentId: { $in: [...scope] }, status: 'active' }).lean<Employee[]>()
          ).filter((e) => isSeller(e) && inScope(e));
      return {
        kind: 'team',
        recipient: manager,
        name: manager.leaderOfDepartmentIds.map((id) => names.get(id) ?? String(id)).join('、'),
        departmentIds: [...scope].sort((a, b) => a - b),
        reps,
      };
    }),
  );
}

/** Every department's name, deleted ones too (a company digest's rows name the departments its reps are in). */
export async function departmentNames(): Promise<Map<number, string>> {
  const tree = await departmentTree();
  return new Map(tree.departments.map((d) => [d.deptId, d.name]));
}
