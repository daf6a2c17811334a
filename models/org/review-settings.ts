import type { Grade } from '../../config/pool-rules.js';
import { COMPANY_SETTINGS_ID, CompanySettingsModel } from './company-settings.model.js';
import { keptUnderRulesVersion } from './rules-version.js';
import type { OpportunityStage, openOpportunityStages } from './opportunity-stages.js';

// Company settings of the follow-up nudges and the evening review (理单): how often each intent
// grade must be followed up, the forecast's stage win rates, and the alarm thresholds. Ops can
// change any of them in the company settings document; unset fields take the defaults below.

export type OpenStage = Extract<OpportunityStage, (typeof openOpportunityStages)[number]>;

export interface ReviewSettings {
  /** Days a customer of the grade may go without a valid follow-up before the owner is nudged. */
  followUpWindowDays: Partial<Record<Grade, number>>;
  /** Win probability (0–1) of an open opportunity by stage, used until the team's history is enough. */
  stageWinRates: Record<OpenStage, number>;
  /** Closed opportunities that passed a stage needed before the team's own rate for it is used. */
  forecastMinClosed: number;
  /** How far back closed opportunities count for the learned win rates. */
  forecastHistoryDays: number;
  /** An opportunity unchanged for this many days is stale: its probability is multiplied by staleFactor. */
  staleOpportunityDays: number;
  staleFactor: number;
  /** Alarm when a team has produced no new A-class customer for this many days (连续3天没有A类客户). */
  noNewAClassAlarmDays: number;
  /** "Forgotten customers": owned customers not contacted for at least each of these many days. */
  forgottenDays: number[];
}

export const defaultReviewSettings: ReviewSettings = {
  followUpWindowDays: { A: 3, B: 7, C: 14 },
  stageWinRates: { qualify: 0.1, needs: 0.25, proposal: 0.5, negotiation: 0.7 },
  forecastMinClosed: 20,
  forecastHistoryDays: 365,
  staleOpportunityDays: 60,
  staleFactor: 0.5,
  noNewAClassAlarmDays: 3,
  forgottenDays: [7, 15, 30, 90, 180],
};

function definedEntries<T extends object>(value: T | null | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

// Kept per process while the rules version holds: every write to the company settings through the model sets a new
// one (rules-version.ts), so a change made by another instance applies here within a second.
/** The company's review settings, each unset field taking its default. */
export const reviewSettings: () => Promise<ReviewSettings> = keptUnderRulesVersion(readReviewSettings);

async function readReviewSettings(): Promise<ReviewSettings> {
  const doc = await CompanySettingsModel.findById(COMPANY_SETTINGS_ID, { review: 1 }).lean();
  const stored = (doc as { review?: Partial<ReviewSettings> } | null)?.review ?? {};
  const scalars = definedEntries({
    forecastMinClosed: stored.forecastMinClosed,
    forecastHistoryDays: stored.forecastHistoryDays,
    staleOpportunityDays: stored.staleOpportunityDays,
    staleFactor: stored.staleFactor,
    noNewAClassAlarmDays: stored.noNewAClassAlarmDays,
  });
  return {
    ...defaultReviewSettings,
    ...scalars,
    followUpWindowDays: { ...defaultReviewSettings.followUpWindowDays, ...definedEntries(stored.followUpWindowDays) },
    stageWinRates: { ...defaultReviewSettings.stageWinRates, ...definedEntries(stored.stageWinRates) },
    forgottenDays: stored.forgottenDays?.length
      ? [...stored.forgottenDays].sort((a, b) => a - b)
      : defaultReviewSettings.forgottenDays,
  };
}
