import type { PoolRules } from '../../config/pool-rules.js';
import { changeCustomer } from '../customers/customer-change.js';
import { CustomerModel, type Customer } from '../customers/customer.model.js';
import { computeProtection } from '../pool/protection.js';
import { recordAudit } from '../org/audit.js';
import { COMPANY_SETTINGS_ID, CompanySettingsModel } from '../org/company-settings.model.js';
import { DepartmentModel, type BusinessLine } from '../org/department.model.js';
import { authorize } from '../org/policy/policy.js';
import { actingEmployee, managedDepartmentIds, seesEverything } from '../org/permissions.js';
import type { RulesOverride } from '../pool/pool-rules.js';
import { AppError } from '../shared/app-error.js';
import { startOfBusinessDay } from '../shared/business-day.js';
import type { DomainContext } from '../shared/domain-context.js';
import type { Employee } from '../org/employee.model.js';
import {
  checkRules,
  cleanOverride,
  governedDepartments,
  loadLevels,
  resolveAll,
  type RuleLevel,
} from './pool-rule-levels.js';

export type { RuleLevel };

// 公海规则: the company defaults and each department's overrides of every pool rule, with the
// effective rules each department ends up with; changes are audited and re-date the drops of the
// customers they govern; a preview says what a proposed rule would do tomorrow.

export interface PoolRuleSettings {
  defaults: PoolRules;
  company: { override: RulesOverride; effective: PoolRules };
  departments: {
    deptId: number;
    name: string;
    parentId: number | null;
    businessLine: BusinessLine;
    override: RulesOverride;
    effective: PoolRules;
  }[];
}

async function viewerScope(ctx: DomainContext): Promise<{ viewer: Employee; visible: Set<number> | null }> {
  const viewer = await actingEmployee(ctx.actor);
  if (seesEverything(viewer)) return { viewer, visible: null };
  if (viewer.role === 'manager') return { viewer, visible: await managedDepartmentIds(viewer) };
  throw new AppError('FORBIDDEN', '只有主管、销售运营和管理员可以查看公海规则');
}

export async function poolRuleSettings(ctx: DomainContext): Promise<PoolRuleSettings> {
  const { visible } = await viewerScope(ctx);
  const { company, departments } = await loadLevels();
  const resolved = resolveAll(ctx.config.poolDefaults, company, departments);
  return {
    defaults: ctx.config.poolDefaults,
    company: { override: company, effective: resolved.company },
    departments: departments
      .filter((d) => !visible || visible.has(d.deptId))
      .map((d) => ({
        deptId: d.deptId,
        name: d.name,
        parentId: d.parentId ?? null,
        businessLine: d.businessLine,
        override: cleanOverride(d.rules),
        effective: resolved.byDepartment.get(d.deptId)!,
      })),
  };
}

/** Rules must make sense together: a warning before the drop, not after it. */
type ProtectionRow = Pick<
  Customer,
  | '_id'
  | 'poolState'
  | 'locked'
  | 'stage'
  | 'claimedAt'
  | 'lastValidFollowUpAt'
  | 'grade'
  | 'protectedUntil'
  | 'ownerDepartmentId'
>;

async function governedCustomers(departmentIds: number[] | null): Promise<ProtectionRow[]> {
  return CustomerModel.find(
    { poolState: 'private', ...(departmentIds ? { ownerDepartmentId: { $in: departmentIds } } : {}) },
    {
      poolState: 1,
      locked: 1,
      stage: 1,
      claimedAt: 1,
      lastValidFollowUpAt: 1,
      grade: 1,
      protectedUntil: 1,
      ownerDepartmentId: 1,
    },
  ).lean<ProtectionRow[]>();
}

/** Departments whose effective rules a change at this level can touch (null: all of them). */
export interface RulePreview {
  customers: number;
  dropTomorrow: { now: number; proposed: number };
  dropWithinWeek: { now: number; proposed: number };
}

/** What the proposal would do: how many governed customers would drop by the end of tomorrow, and within 7 days. */
export async function previewRuleChange(proposal: RuleLevel, ctx: DomainContext): Promise<RulePreview> {
  await assertMayChange(proposal.departmentId, ctx);
  const { company, departments } = await loadLevels();
  const proposed = resolveAll(ctx.config.poolDefaults, company, departments, proposal);
  // No checkRules here: the preview shows what a rule would do even while it is not yet valid to save.
  const customers = await governedCustomers(governedDepartments(proposal.departmentId, departments));
  const tz = ctx.config.timezone;
  const tomorrowEnd = startOfBusinessDay(ctx.now, tz, 2);
  const weekEnd = startOfBusinessDay(ctx.now, tz, 8);
  const result: RulePreview = {
    customers: customers.length,
    dropTomorrow: { now: 0, proposed: 0 },
    dropWithinWeek: { now: 0, proposed: 0 },
  };
  for (const c of customers) {
    const dept = c.ownerDepartmentId ?? null;
    const before = c.protectedUntil ?? null;
    const after = computeProtection(
      c,
      dept === null ? proposed.company : (proposed.byDepartment.get(dept) ?? proposed.company),
      tz,
    ).protectedUntil;
    if (before && before < tomorrowEnd) result.dropTomorrow.now++;
    if (after && after < tomorrowEnd) result.dropTomorrow.proposed++;
    if (before && before < weekEnd) result.dropWithinWeek.now++;
    if (after && after < weekEnd) result.dropWithinWeek.proposed++;
  }
  return result;
}

async function assertMayChange(departmentId: number | null, ctx: DomainContext): Promise<void> {
  const { viewer } = await viewerScope(ctx);
  await authorize(viewer, 'changeRules', null, ctx.now);
  if (departmentId !== null && !(await DepartmentModel.exists({ deptId: departmentId }))) {
    throw new AppError('NOT_FOUND', '找不到该部门');
  }
}

/** Re-dates the drops of the governed customers under the rules now in force (no ledger entry: nothing changed hands). */
async function reapplyProtection(departmentIds: number[] | null, ctx: DomainContext): Promise<number> {
  const { company, departments } = await loadLevels();
  const resolved = resolveAll(ctx.config.poolDefaults, company, departments);
  let changed = 0;
  for (const c of await governedCustomers(departmentIds)) {
    const dept = c.ownerDepartmentId ?? null;
    const rules = dept === null ? resolved.company : (resolved.byDepartment.get(dept) ?? resolved.company);
    const result = await changeCustomer(c._id, ctx, (current) => {
      const protection = computeProtection(current, rules, ctx.config.timezone);
      const same =
        (protection.protectedUntil?.getTime() ?? null) === (current.protectedUntil?.getTime() ?? null) &&
        protection.dropReason === current.dropReason;
      return Promise.resolve(same ? null : { set: protection });
    });
    if (result) changed++;
  }
  return changed;
}

/** Saves one level's override (and a department's business line), audited; drops are re-dated. */
export async function changePoolRules(
  input: RuleLevel & { businessLine?: BusinessLine; reason?: string },
  ctx: DomainContext,
): Promise<{ redated: number }> {
  await assertMayChange(input.departmentId, ctx);
  const { company, departments } = await loadLevels();
  const proposed = resolveAll(ctx.config.poolDefaults, company, departments, input);
  checkRules(input.departmentId === null ? proposed.company : proposed.byDepartment.get(input.departmentId)!);
  const override = cleanOverride(input.override);
  if (input.departmentId === null) {
    await CompanySettingsModel.updateOne(
      { _id: COMPANY_SETTINGS_ID },
      { $set: { poolRules: override } },
      { upsert: true },
    );
    await recordAudit(
      { action: 'pool-rules', subject: 'company', before: company, after: override, reason: input.reason },
      ctx.actor,
      ctx.now,
    );
  } else {
    const before = departments.find((d) => d.deptId === input.departmentId)!;
    const set: Record<string, unknown> = { rules: override };
    if (input.businessLine) set.businessLine = input.businessLine;
    await DepartmentModel.updateOne({ deptId: input.departmentId }, { $set: set });
    await recordAudit(
      {
        action: 'pool-rules',
        subject: `department:${input.departmentId}`,
        before: { rules: cleanOverride(before.rules), businessLine: before.businessLine },
        after: { rules: override, businessLine: input.businessLine ?? before.businessLine },
        reason: input.reason,
      },
      ctx.actor,
      ctx.now,
    );
  }
  const redated = await reapplyProtection(governedDepartments(input.departmentId, departments), ctx);
  return { redated };
}
