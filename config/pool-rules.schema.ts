import { z } from 'zod';
import { poolRuleBounds, type CountedPoolRule } from './pool-rules.js';

// The company defaults of the pool rules (config/pool-rules.ts), as environment variables of config.schema.ts.

const dayList = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'expected comma-separated whole days, e.g. "3,1"')
  .transform((s) => [...new Set(s.split(',').map(Number))].sort((a, b) => b - a));

const gradeDays = z
  .string()
  .regex(/^([ABCD]:\d+)(,[ABCD]:\d+)*$/, 'expected grade:days pairs, e.g. "A:15,B:20,C:30,D:30"')
  .transform(
    (s) =>
      Object.fromEntries(
        s.split(',').map((pair) => {
          const [grade, days] = pair.split(':');
          return [grade, Number(days)];
        }),
      ) as Partial<Record<'A' | 'B' | 'C' | 'D', number>>,
  );

/** The company default of a counted pool rule: a whole number within the rule's bounds, `fallback` when unset. */
function poolRule(rule: CountedPoolRule, fallback: number) {
  const [min, max] = poolRuleBounds[rule];
  return z.coerce.number().int().min(min).max(max).default(fallback);
}

export const poolRuleVariables = {
  POOL_CAPACITY: poolRule('capacity', 50).describe('Default private-pool capacity (库容) per rep.'),
  POOL_DAILY_CLAIM_LIMIT: poolRule('dailyClaimLimit', 10).describe('Default claims per rep per business day.'),
  POOL_DROP_NO_FOLLOW_UP_DAYS: poolRule('dropNoFollowUpDays', 30).describe(
    'Days without a valid follow-up before a customer drops to the public pool.',
  ),
  POOL_DROP_NO_FOLLOW_UP_DAYS_BY_GRADE: gradeDays
    .default({ A: 15, B: 20 })
    .describe('Per-grade override of the no-follow-up days, e.g. "A:15,B:20".'),
  POOL_DROP_NO_DEAL_DAYS: poolRule('dropNoDealDays', 60).describe('Days after claiming without a deal before a drop.'),
  POOL_WARNING_DAYS: dayList.default([3, 1]).describe('Days before a drop on which the owner is warned, e.g. "3,1".'),
  POOL_RECLAIM_COOLDOWN_DAYS: poolRule('reclaimCooldownDays', 7).describe(
    'Days a previous owner must wait before re-claiming a dropped or released customer.',
  ),
  POOL_STAKE_MULTIPLE: poolRule('stakeMultiple', 5).describe('Staking allowance as a multiple of capacity (占坑).'),
  POOL_STAKE_DEADLINE_DAYS: poolRule('stakeDeadlineDays', 14).describe('Days to green (complete) a staked customer.'),
  POOL_MAX_LOCKED_PER_TEAM: poolRule('maxLockedPerTeam', 20).describe(
    'Customers one team (department) may have locked (锁定) at once; departments may override it.',
  ),
  FOLLOW_UP_ESCALATION_DAYS: poolRule('followUpEscalationDays', 3).describe(
    "Days a planned follow-up (下次跟进) may be overdue before the rep's manager is told.",
  ),
};
