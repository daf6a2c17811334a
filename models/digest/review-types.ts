import type { Stage } from '../customers/customer.model.js';
import type { OpenStage } from '../org/review-settings.js';

// The figures of the evening review (理单): what the daily digest shows and what the mini-app's team
// page can show from the same computation. Plain data: ids as strings, dates as YYYY-MM-DD.

export interface GradeMove {
  customerId: string;
  name: string;
  from: string | null;
  to: string | null;
}

export interface AClassItem {
  customerId: string;
  name: string;
  stage: Stage;
  /** Business date it became A-class, if known. */
  since: string | null;
  /** Days since the last valid follow-up (or the claim). */
  daysQuiet: number;
  /** The latest note's next step, or the start of its content. */
  lastNote: string;
  opportunity: { stage: string; amount: number } | null;
}

export interface RepReview {
  employeeId: string;
  userId: string;
  name: string;
  departmentId: number | null;
  followUps: { total: number; valid: number; filler: number };
  aClass: AClassItem[];
  upgrades: GradeMove[];
  downgrades: GradeMove[];
  /** Customers graded A today (counted for the no-new-A alarm). */
  newAClass: number;
  newLeads: { total: number; bySource: Record<string, number> };
  claims: number;
  releases: number;
  drops: number;
  /** Customers assigned or transferred to the rep today. */
  received: number;
  droppingTomorrow: { customerId: string; name: string }[];
  conflicts: number;
  capacity: { used: number; limit: number; staked: number; stakeLimit: number };
  /** Days → owned customers not contacted for at least that many days. */
  forgotten: Record<number, number>;
  /** Since when the CRM has known this rep (alarms about past days need that much history). */
  knownSince: string | null;
}

export interface ForecastBucket {
  /** First and last business date of the period. */
  from: string;
  to: string;
  count: number;
  amount: number;
  /** Σ amount × win probability. */
  expected: number;
}

export interface Forecast {
  winRates: Record<OpenStage, { rate: number; learned: boolean; sample: number }>;
  thisMonth: ForecastBucket;
  nextMonth: ForecastBucket;
  nextQuarter: ForecastBucket;
  /** Open opportunities whose expected close date has passed. */
  overdue: { count: number; amount: number };
  /** Open opportunities without an expected close date. */
  undated: { count: number; amount: number };
}

export interface Funnel {
  /** Owned customers by pipeline stage. */
  byStage: Record<Stage, number>;
  /** Owned customers that have reached each stage, now or before (a signed customer reached them all). */
  reached: Record<Stage, number>;
  /** Share of customers that reached a stage and went on to the next. */
  conversion: { from: Stage; to: Stage; rate: number | null }[];
  opportunities: Record<OpenStage, { count: number; amount: number }>;
  /** Won ÷ closed over the forecast history window. */
  winRate: number | null;
  won: number;
  lost: number;
}

export interface TeamReview {
  reps: number;
  totals: {
    followUps: number;
    valid: number;
    filler: number;
    newLeads: number;
    claims: number;
    releases: number;
    drops: number;
    newAClass: number;
    aClass: number;
    droppingTomorrow: number;
    conflicts: number;
    capacityUsed: number;
    capacityLimit: number;
  };
  funnel: Funnel;
  forecast: Forecast;
  forgotten: Record<number, number>;
  alarm: {
    /** True when the team produced no new A-class customer within `days` days. */
    noNewAClass: boolean;
    days: number;
    /** Business date of the last new A-class customer within the look-back, or null. */
    lastNewAClass: string | null;
  };
}

export interface TeamRow {
  departmentId: number;
  name: string;
  review: TeamReview;
}

export interface Digest {
  /** Business date reviewed. */
  date: string;
  scope: { kind: 'team' | 'company'; name: string; departmentIds: number[] };
  team: TeamReview;
  reps: RepReview[];
  /** Company digests: one row per team. */
  teams: TeamRow[];
}
