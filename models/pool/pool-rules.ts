import { poolRuleKeys, type PoolRules } from '../../config/pool-rules.js';
import { COMPANY_SETTINGS_ID, CompanySettingsModel } from '../org/company-settings.model.js';
import { DepartmentModel } from '../org/department.model.js';
import type { DomainConfig } from '../shared/domain-context.js';
import { readRulesVersion } from '../org/rules-version.js';

export type RulesOverride = Partial<{ [K in keyof PoolRules]: PoolRules[K] | null }>;

/** The rules with one level's override applied (fields left unset or null inherit). */
export function applyOverride(rules: PoolRules, override: RulesOverride | null | undefined): PoolRules {
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

interface ResolvedRules {
  /** The rules version (models/org/rules-version.ts) read before anything below was loaded. */
  version: string | null;
  company?: Promise<PoolRules>;
  byDepartment: Map<number, Promise<PoolRules>>;
}

// Per process, per configured defaults: what was resolved under the last version seen.
const cached = new WeakMap<PoolRules, ResolvedRules>();

/** What is resolved under the current version: the cache when the version still holds, else a fresh one. */
async function currentRules(defaults: PoolRules): Promise<ResolvedRules> {
  const version = await readRulesVersion();
  const known = cached.get(defaults);
  if (known && version !== null && known.version === version) {
    return known;
  }
  const fresh: ResolvedRules = { version, byDepartment: new Map() };
  // Without a version yet nothing may be trusted later: resolve for this resolver only.
  if (version !== null) {
    cached.set(defaults, fresh);
  }
  return fresh;
}

function companyRules(defaults: PoolRules, resolved: ResolvedRules): Promise<PoolRules> {
  resolved.company ??= CompanySettingsModel.findById(COMPANY_SETTINGS_ID, { seededDefaults: 1, poolRules: 1 })
    .lean()
    .then((s) => applyOverride(applyOverride(defaults, s?.seededDefaults), s?.poolRules))
    .catch((error: unknown) => {
      // A failed read is not kept: the next resolver tries again.
      resolved.company = undefined;
      throw error;
    });
  return resolved.company;
}

function departmentRules(
  defaults: PoolRules,
  resolved: ResolvedRules,
  departmentId: number,
  depth: number,
): Promise<PoolRules> {
  let rules = resolved.byDepartment.get(departmentId);
  if (!rules) {
    rules = DepartmentModel.findOne({ deptId: departmentId }, { parentId: 1, rules: 1 })
      .lean()
      .then(async (dept) => {
        if (!dept) {
          return companyRules(defaults, resolved);
        }
        const parent =
          dept.parentId !== null && dept.parentId !== undefined && depth < 32
            ? await departmentRules(defaults, resolved, dept.parentId, depth + 1)
            : await companyRules(defaults, resolved);
        return applyOverride(parent, dept.rules);
      })
      .catch((error: unknown) => {
        resolved.byDepartment.delete(departmentId);
        throw error;
      });
    resolved.byDepartment.set(departmentId, rules);
  }
  return rules;
}

/**
 * Resolves pool rules: configured defaults, then those the server seeded, then the company settings, then each
 * department from the root down to the given one. What is resolved is kept per process while the rules
 * version holds: a resolver reads that version once (its first call), so an operation costs one small read,
 * and a settings change made by any instance is seen by the next resolver. Create one per request or job run.
 */
export function poolRulesResolver(config: DomainConfig): (departmentId: number | null) => Promise<PoolRules> {
  const defaults = config.poolDefaults;
  let resolved: Promise<ResolvedRules> | undefined;
  return async (departmentId) => {
    resolved ??= currentRules(defaults);
    const current = await resolved;
    return departmentId === null
      ? companyRules(defaults, current)
      : departmentRules(defaults, current, departmentId, 0);
  };
}
