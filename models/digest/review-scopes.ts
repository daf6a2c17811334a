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
  const [employees, departments] = await Promise.all([
    EmployeeModel.find({ status: 'active' }).lean<Employee[]>(),
    DepartmentModel.find({ deleted: { $ne: true } }, { deptId: 1, name: 1 }).lean(),
  ]);
  const names = new Map(departments.map((d) => [d.deptId, d.name]));
  const sellers = employees.filter(isSeller);
  const wanted = (e: Employee) => !recipientIds || recipientIds.includes(String(e._id));
  const scopes = await managerScopes(employees.filter(wanted), { sellers, names });
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

type Org = { sellers: Employee[]; names: Map<number, string> };

/** Each manager's teams (with every sub-team): from the org already read, or read for these managers alone. */
function managerScopes(candidates: Employee[], org?: Org): Promise<ReviewScope[]> {
  const managers = candidates.filter((e) => e.role === 'manager' && e.leaderOfDepartmentIds.length > 0);
  // Each manager's reads run at once with the others'; the scopes keep the managers' order.
  return Promise.all(managers.map((manager) => managerScope(manager, org)));
}

async function managerScope(manager: Employee, org?: Org): Promise<ReviewScope> {
  const namesRead: Promise<Map<number, string>> = org
    ? Promise.resolve(org.names)
    : DepartmentModel.find(
        { deptId: { $in: manager.leaderOfDepartmentIds }, deleted: { $ne: true } },
        { deptId: 1, name: 1 },
      )
        .lean()
        .then((found) => new Map(found.map((d) => [d.deptId, d.name])));
  namesRead.catch(() => undefined); // awaited below; a failure surfaces there
  // The same notion of "my teams" as every permission check.
  const scope = await managedDepartmentIds(manager);
  const inScope = (e: Employee) => e.mainDepartmentId != null && scope.has(e.mainDepartmentId);
  const [reps, names] = await Promise.all([
    org
      ? org.sellers.filter(inScope)
      : EmployeeModel.find({ mainDepartmentId: { $in: [...scope] }, status: 'active' })
          .lean<Employee[]>()
          .then((found) => found.filter((e) => isSeller(e) && inScope(e))),
    namesRead,
  ]);
  return {
    kind: 'team',
    recipient: manager,
    name: manager.leaderOfDepartmentIds.map((id) => names.get(id) ?? String(id)).join('、'),
    departmentIds: [...scope].sort((a, b) => a - b),
    reps,
  };
}

export async function departmentNames(): Promise<Map<number, string>> {
  const departments = await DepartmentModel.find({}, { deptId: 1, name: 1 }).lean();
  return new Map(departments.map((d) => [d.deptId, d.name]));
}
