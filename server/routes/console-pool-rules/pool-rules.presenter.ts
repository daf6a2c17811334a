import type { PoolRuleSettings } from '../../../models/console/pool-rule-settings.js';
import type { PoolRulesAnswer } from './console-pool-rules.schema.js';

// The 公海规则 answer (GET /api/console/pool-rules): the domain's levels are plain data already (numbers,
// ids, names); the answer names what it passes on.

export function presentPoolRules(settings: PoolRuleSettings): PoolRulesAnswer {
  return {
    defaults: settings.defaults,
    company: { override: settings.company.override, effective: settings.company.effective },
    departments: settings.departments.map((d) => ({
      deptId: d.deptId,
      name: d.name,
      parentId: d.parentId,
      businessLine: d.businessLine,
      override: d.override,
      effective: d.effective,
    })),
  };
}
