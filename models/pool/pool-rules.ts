import { poolRuleKeys, type PoolRules } from '../../config/pool-rules.js';
import { COMPANY_SETTINGS_ID, CompanySettingsModel } from '../org/company-settings.model.js';
import { DepartmentModel } from '../org/department.model.js';
import type { DomainConfig } from '../shared/domain-context.js';

type RulesOverride = Partial<{ [K in keyof PoolRules]: PoolRules[K] | null }>;

function applyOverride(rules: PoolRules, override: RulesOverride | null | undefined): PoolRules {
  if (!override) {
    return rules;
  }
  const merged: PoolRules = { ...rules, dropNoFollowUpDaysByGrade: { ...rules.dropNoFollowUpDaysByGrade } };
  for (const key of poolRuleKeys) {
    const value = override[key];
    if (value === undefined || value === null) {
      continue;
    }
    if (key === 'dropNoFollowUpDaysByGrade') {
      for (const [grade, days] of Object.entries(value as Record<string, number | null | undefined>)) {
        if (typeof days === 'number') {
          merged.dropNoFollowUpDaysByGrade[grade as keyof PoolRules['dropNoFollowUpDaysByGrade']] = days;
        }
      }
    } else if (key === 'warningDays') {
      const days = value as number[];
      if (days.length > 0) {
        merged.warningDays = [...days].sort((a, b) => b - a);
      }
    } else {
      (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

/** Stores the server's configured pool rules as the company defaults every process reads (server start-up). */
export async function seedCompanyDefaults(config: DomainConfig): Promise<void> {
  await CompanySettingsModel.updateOne(
    { _id: COMPANY_SETTINGS_ID },
    { $set: { seededDefaults: config.poolDefaults } },
    { upsert: true },
  );
}

/**
 * Resolves pool rules: configured defaults, then those the server seeded, then the company settings, then each department from the
 * root down to the given one. A resolver caches what it reads, so a sweep over many customers reads
 * each department once; create a new one per request or per job run.
 */
export function poolRulesResolver(config: DomainConfig): (departmentId: number | null) => Promise<PoolRules> {
  let company: Promise<PoolRules> | undefined;
  const byDepartment = new Map<number, Promise<PoolRules>>();

  const companyRules = () => {
    company ??= CompanySettingsModel.findById(COMPANY_SETTINGS_ID)
      .lean()
      .then((s) => applyOverride(applyOverride(config.poolDefaults, s?.seededDefaults), s?.poolRules));
    return company;
  };

  const resolve = (departmentId: number, depth: number): Promise<PoolRules> => {
    let rules = byDepartment.get(departmentId);
    if (!rules) {
      rules = DepartmentModel.findOne({ deptId: departmentId })
        .lean()
        .then(async (dept) => {
          if (!dept) {
            return companyRules();
          }
          const parent =
            dept.parentId !== null && dept.parentId !== undefined && depth < 32
              ? await resolve(dept.parentId, depth + 1)
              : await companyRules();
          return applyOverride(parent, dept.rules);
        });
      byDepartment.set(departmentId, rules);
    }
    return rules;
  };

  return (departmentId) => (departmentId === null ? companyRules() : resolve(departmentId, 0));
}
