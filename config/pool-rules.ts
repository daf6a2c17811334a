// The rules of the customer pools (DOMAIN.md "Public pool and private pool"). Config supplies the
// company defaults; the company settings document and each department may override any field.

export const grades = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof grades)[number];

export interface PoolRules {
  /** Private-pool capacity (库容). */
  capacity: number;
  /** Claims per rep per business day. */
  dailyClaimLimit: number;
  /** Days without a valid follow-up before a drop. */
  dropNoFollowUpDays: number;
  /** Per-grade override of dropNoFollowUpDays. */
  dropNoFollowUpDaysByGrade: Partial<Record<Grade, number>>;
  /** Days after claiming without a deal before a drop. */
  dropNoDealDays: number;
  /** Days before a drop on which the owner is warned, largest first. */
  warningDays: number[];
  /** Days a previous owner waits before re-claiming. */
  reclaimCooldownDays: number;
  /** Staking allowance as a multiple of capacity. */
  stakeMultiple: number;
  /** Days to green a staked customer. */
  stakeDeadlineDays: number;
  /** Customers a team (a department) may have locked (锁定) at once. */
  maxLockedPerTeam: number;
  /** Days a planned follow-up may be overdue before the rep's manager is told. */
  followUpEscalationDays: number;
}

export const poolRuleKeys = [
  'capacity',
  'dailyClaimLimit',
  'dropNoFollowUpDays',
  'dropNoFollowUpDaysByGrade',
  'dropNoDealDays',
  'warningDays',
  'reclaimCooldownDays',
  'stakeMultiple',
  'stakeDeadlineDays',
  'maxLockedPerTeam',
  'followUpEscalationDays',
] as const satisfies readonly (keyof PoolRules)[];

/**
 * The whole numbers each counted rule may be, smallest and largest, wherever it is set: the company defaults
 * (POOL_* variables) and the console's rule editor. The per-grade days take dropNoFollowUpDays' bounds; each
 * warning day takes warningDays'.
 */
export const poolRuleBounds = {
  capacity: [1, 100000],
  dailyClaimLimit: [1, 100000],
  dropNoFollowUpDays: [1, 3650],
  dropNoDealDays: [1, 3650],
  warningDays: [0, 365],
  reclaimCooldownDays: [0, 365],
  stakeMultiple: [0, 20],
  stakeDeadlineDays: [1, 365],
  maxLockedPerTeam: [0, 100000],
  followUpEscalationDays: [1, 365],
} as const satisfies Partial<Record<keyof PoolRules, readonly [number, number]>>;
export type CountedPoolRule = keyof typeof poolRuleBounds;
