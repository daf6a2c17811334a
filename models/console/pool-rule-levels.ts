import type { PoolRules } from '../../config/pool-rules.js';
import { poolRuleKeys } from '../../config/pool-rules.js';
import { COMPANY_SETTINGS_ID, CompanySettingsModel } from '../org/company-settings.model.js';
import { DepartmentModel, type BusinessLine } from '../org/department.model.js';
import { applyOverride, type RulesOverride } from '../pool/pool-rules.js';
import { AppError } from '../shared/app-error.js';

// The levels of the pool rules — configured defaults, the company's override, each department's —
// resolved into the rules each department ends up with, optionally with one level's override replaced
// by a proposal (the preview), and the checks a set of rules must pass.

export interface RuleLevel {
  /** null: the company settings. */
  departmentId: number | null;
  override: RulesOverride;
}

export type DepartmentRow = {
  deptId: number;
  name: string;
  parentId?: number | null;
  businessLine: BusinessLine;
  rules?: unknown;
};

export function cleanOverride(raw: unknown): RulesOverride {
  const source = (raw ?? {}) as Record<string, unknown>;
  const clean: Record<string, unknown> = {};
  for (const key of poolRuleKeys) {
    const value = source[key];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) {
      clean[key] = value;
    }
  }
  return clean;
}

/** Effective rules per department, with one level's override replaced by a proposal. */
export function resolveAll(
  defaults: PoolRules,
  company: RulesOverride,
  departments: DepartmentRow[],
  proposal?: RuleLevel,
): { company: PoolRules; byDepartment: Map<number, PoolRules> } {
  const overrideOf = (id: number | null, stored: unknown) =>
    proposal && proposal.departmentId === id ? proposal.override : cleanOverride(stored);
  const companyRules = applyOverride(defaults, overrideOf(null, company));
  const byId = new Map(departments.map((d) => [d.deptId, d]));
  const byDepartment = new Map<number, PoolRules>();
  const resolve = (id: number, depth: number): PoolRules => {
    const known = byDepartment.get(id);
    if (known) return known;
    const dept = byId.get(id);
    if (!dept) return companyRules;
    const parent = dept.parentId != null && depth < 32 ? resolve(dept.parentId, depth + 1) : companyRules;
    const rules = applyOverride(parent, overrideOf(id, dept.rules));
    byDepartment.set(id, rules);
    return rules;
  };
  departments.forEach((d) => resolve(d.deptId, 0));
  return { company: companyRules, byDepartment };
}

export async function loadLevels(): Promise<{ company: RulesOverride; departments: DepartmentRow[] }> {
  const [settings, departments] = await Promise.all([
    CompanySettingsModel.findById(COMPANY_SETTINGS_ID).lean(),
    DepartmentModel.find({ deleted: { $ne: true } })
      .sort({ deptId: 1 })
      .lean<DepartmentRow[]>(),
  ]);
  return { company: cleanOverride(settings?.poolRules), departments };
}

export function checkRules(rules: PoolRules): void {
  const shortest = Math.min(rules.dropNoFollowUpDays, ...Object.values(rules.dropNoFollowUpDaysByGrade));
  const late = rules.warningDays.filter((d) => d >= shortest);
  if (late.length > 0) {
    throw new AppError('VALIDATION_FAILED', `提醒天数（${late.join('、')}）必须小于最短的掉保天数（${shortest}）`, {
      details: { problems: [{ field: 'body.rules.warningDays', message: '提醒必须早于掉保' }] },
    });
  }
}

export function governedDepartments(level: number | null, departments: DepartmentRow[]): number[] | null {
  if (level === null) return null;
  const ids = new Set([level]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of departments) {
      if (d.parentId != null && ids.has(d.parentId) && !ids.has(d.deptId)) {
        ids.add(d.deptId);
        grew = true;
      }
    }
  }
  return [...ids];
}
