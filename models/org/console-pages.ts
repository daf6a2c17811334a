import { EmployeeModel, type Employee } from './employee.model.js';

// Which pages of the ops console (管理后台) an employee's role opens. The server refuses every action
// behind a page on its own (the permission policy); this list only decides what the menu shows.

export const consolePages = [
  'overview',
  'customers',
  'pool-rules',
  'people',
  'cases',
  'imports',
  'wecom-events',
  'bots',
  'audit',
] as const;
export type ConsolePage = (typeof consolePages)[number];

const managerPages: ConsolePage[] = ['overview', 'customers', 'people'];

/** Ops and admins open every page; managers their teams' overview, customers and people; reps none. */
export function consolePagesFor(employee: Pick<Employee, 'role' | 'leaderOfDepartmentIds'>): ConsolePage[] {
  if (employee.role === 'ops' || employee.role === 'admin') {
    return [...consolePages];
  }
  if (employee.role === 'manager' && employee.leaderOfDepartmentIds.length > 0) {
    return [...managerPages];
  }
  return [];
}

/** Active employees who may open the console, for local mode's member picker. */
export async function consoleMembers(): Promise<
  { userId: string; name: string; role: Employee['role']; position: string }[]
> {
  const employees = await EmployeeModel.find({ status: 'active' }).sort({ userId: 1 }).limit(500).lean<Employee[]>();
  // Reps are listed too: the console tells them it is not theirs (the local demo shows that refusal).
  return employees.map((e) => ({ userId: e.userId, name: e.name, role: e.role, position: e.position }));
}
