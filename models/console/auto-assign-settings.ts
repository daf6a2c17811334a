import type { Types } from 'mongoose';
import type { AutoAssignMode } from '../org/auto-assign.schema.js';
import { recordAudit } from '../org/audit.js';
import { COMPANY_SETTINGS_ID, CompanySettingsModel } from '../org/company-settings.model.js';
import { DepartmentModel } from '../org/department.model.js';
import { EmployeeModel } from '../org/employee.model.js';
import { actingEmployee, managedDepartmentIds, seesEverything } from '../org/permissions.js';
import { authorize } from '../org/policy/policy.js';
import { AppError } from '../shared/app-error.js';
import type { DomainContext } from '../shared/domain-context.js';

// 公海规则 → 线索自动分配: each department's rule (off, round-robin, weighted, by region or industry, a
// per-rep daily cap, the members) and the company's lead department, whose rule takes the company's
// new unowned leads (inbound, the bot's public-pool leads, imports by ops). Changes are audited.

export interface AutoAssignRuleView {
  mode: AutoAssignMode;
  dailyCap: number;
  members: { employeeId: string; name: string; weight: number; territories: string[] }[];
}

export interface AutoAssignSettings {
  leadDepartmentId: number | null;
  departments: { deptId: number; name: string; rule: AutoAssignRuleView }[];
}

export interface AutoAssignRuleInput {
  mode: AutoAssignMode;
  dailyCap: number;
  members: { employeeId: string; weight: number; territories: string[] }[];
}

async function visibleDepartments(ctx: DomainContext): Promise<Set<number> | null> {
  const viewer = await actingEmployee(ctx.actor);
  if (seesEverything(viewer)) return null;
  if (viewer.role === 'manager') return managedDepartmentIds(viewer);
  throw new AppError('FORBIDDEN', '只有主管、销售运营和管理员可以查看线索分配规则');
}

export async function autoAssignSettings(ctx: DomainContext): Promise<AutoAssignSettings> {
  const visible = await visibleDepartments(ctx);
  const [settings, departments] = await Promise.all([
    CompanySettingsModel.findById(COMPANY_SETTINGS_ID, { leadDepartmentId: 1 }).lean(),
    DepartmentModel.find({ deleted: { $ne: true } }, { deptId: 1, name: 1, autoAssign: 1 })
      .sort({ deptId: 1 })
      .lean(),
  ]);
  const memberIds = departments.flatMap((d) => d.autoAssign?.members.map((m) => m.employeeId) ?? []);
  const names = new Map(
    (await EmployeeModel.find({ _id: { $in: memberIds } }, { name: 1 }).lean()).map((e) => [String(e._id), e.name]),
  );
  return {
    leadDepartmentId: settings?.leadDepartmentId ?? null,
    departments: departments
      .filter((d) => !visible || visible.has(d.deptId))
      .map((d) => ({
        deptId: d.deptId,
        name: d.name,
        rule: {
          mode: d.autoAssign?.mode ?? 'off',
          dailyCap: d.autoAssign?.dailyCap ?? 5,
          members: (d.autoAssign?.members ?? []).map((m) => ({
            employeeId: String(m.employeeId),
            name: names.get(String(m.employeeId)) ?? '',
            weight: m.weight,
            territories: m.territories,
          })),
        },
      })),
  };
}

async function assertMayChange(departmentId: number | null, ctx: DomainContext): Promise<void> {
  await authorize(await actingEmployee(ctx.actor), 'changeRules', null, ctx.now);
  if (departmentId !== null && !(await DepartmentModel.exists({ deptId: departmentId, deleted: { $ne: true } }))) {
    throw new AppError('NOT_FOUND', '找不到该部门');
  }
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { details: { problems: [{ field, message }] } });
}

async function checkMembers(rule: AutoAssignRuleInput): Promise<Types.ObjectId[]> {
  const ids = [...new Set(rule.members.map((m) => m.employeeId))];
  if (ids.length !== rule.members.length) throw invalid('body.members', '同一成员不能重复添加');
  const found = await EmployeeModel.find({ _id: { $in: ids }, status: 'active' }, { _id: 1 }).lean();
  if (found.length !== ids.length) throw invalid('body.members', '成员中有人不存在或已离职');
  if ((rule.mode === 'region' || rule.mode === 'industry') && !rule.members.some((m) => m.territories.length > 0)) {
    const what = rule.mode === 'region' ? '地区' : '行业';
    throw invalid('body.members', `按${what}分配时，请为成员填写负责的${what}`);
  }
  return found.map((e) => e._id);
}

/** Saves a department's rule (sales ops), audited. */
export async function changeAutoAssignRule(
  input: AutoAssignRuleInput & { departmentId: number; reason?: string },
  ctx: DomainContext,
): Promise<AutoAssignRuleInput> {
  await assertMayChange(input.departmentId, ctx);
  await checkMembers(input);
  const before = await DepartmentModel.findOne({ deptId: input.departmentId }, { autoAssign: 1 }).lean();
  const rule = { mode: input.mode, dailyCap: input.dailyCap, members: input.members };
  await DepartmentModel.updateOne({ deptId: input.departmentId }, { $set: { autoAssign: rule } });
  await recordAudit(
    {
      action: 'auto-assign',
      subject: `department:${input.departmentId}`,
      before: before?.autoAssign ?? null,
      after: rule,
      reason: input.reason,
    },
    ctx.actor,
    ctx.now,
  );
  return rule;
}

/** Names the department whose rule takes the company's new unowned leads (null: they wait in the pool). */
export async function changeLeadDepartment(
  input: { departmentId: number | null; reason?: string },
  ctx: DomainContext,
): Promise<{ leadDepartmentId: number | null }> {
  await assertMayChange(input.departmentId, ctx);
  const before = await CompanySettingsModel.findById(COMPANY_SETTINGS_ID, { leadDepartmentId: 1 }).lean();
  await CompanySettingsModel.updateOne(
    { _id: COMPANY_SETTINGS_ID },
    { $set: { leadDepartmentId: input.departmentId } },
    { upsert: true },
  );
  await recordAudit(
    {
      action: 'auto-assign',
      subject: 'company:lead-department',
      before: before?.leadDepartmentId ?? null,
      after: input.departmentId,
      reason: input.reason,
    },
    ctx.actor,
    ctx.now,
  );
  return { leadDepartmentId: input.departmentId };
}
