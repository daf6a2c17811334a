import { DepartmentModel } from '../../../models/org/department.model.js';
import { EmployeeModel } from '../../../models/org/employee.model.js';
import { isAppError } from '../../../models/shared/app-error.js';
import { deleteDepartment, resignEmployee, upsertDepartment, upsertEmployee } from '../../../models/wecom/org-sync.js';
import type { TransferDeps } from '../transfer-runner.js';

// Re-sync of the organisation: departments and members as WeCom lists them now (department/list,
// user/list). A member missing from the list is only marked resigned when WeCom confirms they no
// longer exist (user/get → 60111): the app may simply not see them.

export interface OrgReport {
  departments: { seen: number; created: number; deleted: number };
  employees: { seen: number; created: number; resigned: number };
}

type ResyncOptions = { dryRun: boolean; errors: { item: string; message: string }[] };
type WecomDepartments = Awaited<ReturnType<TransferDeps['wecom']['listDepartments']>>;

/** Departments as WeCom lists them: new ones created, those WeCom no longer lists deleted. */
async function resyncDepartments(departments: WecomDepartments, options: ResyncOptions, report: OrgReport) {
  const ids = new Set(departments.map((d) => d.id));
  report.departments.seen = departments.length;
  for (const department of departments) {
    if (options.dryRun) {
      report.departments.created += (await DepartmentModel.exists({ deptId: department.id })) ? 0 : 1;
    } else if ((await upsertDepartment(department)).created) {
      report.departments.created += 1;
    }
  }
  for (const stale of await DepartmentModel.find({ deleted: false }, { deptId: 1 }).lean()) {
    if (!ids.has(stale.deptId)) {
      report.departments.deleted += 1;
      if (!options.dryRun) {
        await deleteDepartment(stale.deptId);
      }
    }
  }
}

/** Members listed under the top departments (recursively); returns the userids seen. */
async function resyncMembers(
  deps: TransferDeps,
  departments: WecomDepartments,
  options: ResyncOptions,
  report: OrgReport,
): Promise<Set<string>> {
  const ids = new Set(departments.map((d) => d.id));
  const now = deps.clock.now();
  const seen = new Set<string>();
  for (const root of departments.filter((d) => !ids.has(d.parentid))) {
    for (const member of await deps.wecom.listUsers(root.id, true)) {
      if (seen.has(member.userid)) {
        continue;
      }
      seen.add(member.userid);
      if (options.dryRun) {
        report.employees.created += (await EmployeeModel.exists({ userId: member.userid })) ? 0 : 1;
      } else if ((await upsertEmployee(member, now)).created) {
        report.employees.created += 1;
      }
    }
  }
  report.employees.seen = seen.size;
  return seen;
}

/** Active employees WeCom did not list: resigned only once WeCom confirms they no longer exist. */
async function resyncResignations(deps: TransferDeps, seen: Set<string>, options: ResyncOptions, report: OrgReport) {
  const now = deps.clock.now();
  for (const employee of await EmployeeModel.find({ status: 'active' }, { userId: 1 }).lean()) {
    if (seen.has(employee.userId)) {
      continue;
    }
    try {
      await deps.wecom.getUser(employee.userId);
    } catch (error) {
      if (!isAppError(error, 'WECOM_USER_NOT_FOUND')) {
        options.errors.push({ item: `employee ${employee.userId}`, message: String(error) });
        continue;
      }
      report.employees.resigned += 1;
      if (!options.dryRun) {
        await resignEmployee(employee.userId, now, `resync:${employee.userId}`);
      }
    }
  }
}

export async function resyncOrganisation(deps: TransferDeps, options: ResyncOptions): Promise<OrgReport> {
  const report: OrgReport = {
    departments: { seen: 0, created: 0, deleted: 0 },
    employees: { seen: 0, created: 0, resigned: 0 },
  };
  const departments = await deps.wecom.listDepartments();
  await resyncDepartments(departments, options, report);
  const seen = await resyncMembers(deps, departments, options, report);
  await resyncResignations(deps, seen, options, report);
  return report;
}
