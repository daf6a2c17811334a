import { z } from 'zod';
import { grades, poolRuleBounds, type CountedPoolRule, type PoolRules } from '../../../config/pool-rules.js';
import { businessLines } from '../../../models/org/department.model.js';
import { reason } from '../schema-parts.js';

const days = (min: number, max: number, what: string) =>
  z.number().int(`${what}必须是整数`).min(min, `${what}不能小于 ${min}`).max(max, `${what}不能大于 ${max}`);
/** A counted rule within its bounds (config/pool-rules.ts), named `what` in the messages. */
function counted(rule: CountedPoolRule, what: string) {
  const [min, max] = poolRuleBounds[rule];
  return days(min, max, what);
}

/** A partial set of pool rules: a field left out (or null) inherits from the level above. */
export const rulesOverride = z.strictObject({
  capacity: counted('capacity', '库容').nullish(),
  dailyClaimLimit: counted('dailyClaimLimit', '每日认领上限').nullish(),
  dropNoFollowUpDays: counted('dropNoFollowUpDays', '未跟进掉保天数').nullish(),
  dropNoFollowUpDaysByGrade: z
    .strictObject(Object.fromEntries(grades.map((g) => [g, counted('dropNoFollowUpDays', `${g}类掉保天数`).nullish()])))
    .nullish(),
  dropNoDealDays: counted('dropNoDealDays', '未成交掉保天数').nullish(),
  warningDays: z.array(counted('warningDays', '提醒天数')).max(10, '最多 10 个提醒').nullish(),
  reclaimCooldownDays: counted('reclaimCooldownDays', '冷静期').nullish(),
  stakeMultiple: counted('stakeMultiple', '占坑倍数').nullish(),
  stakeDeadlineDays: counted('stakeDeadlineDays', '占坑养绿期限').nullish(),
  maxLockedPerTeam: counted('maxLockedPerTeam', '团队锁定上限').nullish(),
  followUpEscalationDays: counted('followUpEscalationDays', '逾期跟进上报天数').nullish(),
});

export const levelParams = z.strictObject({
  level: z
    .string()
    .regex(/^(company|\d{1,10})$/, '应为 company 或部门 ID')
    .describe('"company" for the company defaults, else a WeCom department id'),
});
export type LevelParams = z.infer<typeof levelParams>;

export const changeRulesBody = z.strictObject({
  rules: rulesOverride,
  businessLine: z.enum(businessLines).optional().describe('A department’s line: SMB weighs first contact, KA progress'),
  reason,
});
export type ChangeRulesBody = z.infer<typeof changeRulesBody>;

export const previewBody = z.strictObject({ rules: rulesOverride });
export type PreviewBody = z.infer<typeof previewBody>;

/** A level's override as the page shows it (what the body sends back). */
export type RulesOverride = z.infer<typeof rulesOverride>;

const count = z.number();
/** A full set of pool rules (the defaults, or what a level ends up with). */
const poolRules = z.object({
  capacity: count,
  dailyClaimLimit: count,
  dropNoFollowUpDays: count,
  dropNoFollowUpDaysByGrade: z.partialRecord(z.enum(grades), count),
  dropNoDealDays: count,
  warningDays: z.array(count),
  reclaimCooldownDays: count,
  stakeMultiple: count,
  stakeDeadlineDays: count,
  maxLockedPerTeam: count,
  followUpEscalationDays: count,
}) satisfies z.ZodType<PoolRules>;

export const poolRulesAnswer = z.object({
  defaults: poolRules.describe('The configured defaults (POOL_* settings)'),
  company: z.object({ override: rulesOverride, effective: poolRules }),
  departments: z.array(
    z.object({
      deptId: z.number(),
      name: z.string(),
      parentId: z.number().nullable(),
      businessLine: z.enum(businessLines),
      override: rulesOverride,
      effective: poolRules.describe('What the department ends up with, after every level above'),
    }),
  ),
});
export type PoolRulesAnswer = z.infer<typeof poolRulesAnswer>;

const nowAndProposed = z.object({ now: count, proposed: count });
export const previewAnswer = z.object({
  customers: count.describe('Private customers the level governs'),
  dropTomorrow: nowAndProposed.describe('How many drop by the end of tomorrow, now and under the proposal'),
  dropWithinWeek: nowAndProposed.describe('How many drop within 7 days, now and under the proposal'),
});
export type PreviewAnswer = z.infer<typeof previewAnswer>;

export const redatedAnswer = z.object({ redated: count.describe('Customers whose drop date moved') });
export type RedatedAnswer = z.infer<typeof redatedAnswer>;
