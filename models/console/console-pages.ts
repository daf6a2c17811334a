import { EmployeeModel, type Employee } from '../org/employee.model.js';
import type { CompanyAction } from '../org/policy/actions.js';
import { can } from '../org/policy/policy.js';

// Which pages of the ops console (管理后台) an employee opens: managers (their teams), sales ops and
// admins. The server refuses every action behind a page on its own (the permission policy); this list
// only decides what the menu shows, from the same policy.

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

/** Which pages the role opens, decided by the permission policy where a page is one company action. */
export function consolePagesFor(employee: Pick<Employee, '_id' | 'role' | 'leaderOfDepartmentIds'>): ConsolePage[] {
  const leads = employee.role === 'manager' && employee.leaderOfDepartmentIds.length > 0;
  const ops = employee.role === 'ops' || employee.role === 'admin';
  if (!leads && !ops) {
    return [];
  }
  const facts = { now: new Date(), managedDepartmentIds: new Set<number>(), responsibleDepartmentId: null };
  const may = (action: CompanyAction) => can(employee, action, null, facts);
  const open: Record<ConsolePage, boolean> = {
    overview: true,
    customers: true,
    'pool-rules': may('changeRules'),
    people: true,
    cases: may('ruleCase'),
    imports: may('importCustomers'),
    'wecom-events': may('manageWecomEvents'),
    bots: may('manageWecomEvents'),
    audit: ops,
  };
  return consolePages.filter((page) => open[page]);
}

/** Active employees who may open the console, for local mode's member picker. */
export async function consoleMembers(): Promise<
  { userId: string; name: string; role: Employee['role']; position: string }[]
> {
  const employees = await EmployeeModel.find({ status: 'active' }).sort({ userId: 1 }).limit(500).lean<Employee[]>();
  // Reps are listed too: the console tells them it is not theirs (the local demo shows that refusal).
  return employees.map((e) => ({ userId: e.userId, name: e.name, role: e.role, position: e.position }));
}
