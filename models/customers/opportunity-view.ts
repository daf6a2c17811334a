import type { Types } from 'mongoose';
import { openOpportunityStages } from '../org/opportunity-stages.js';
import { reviewSettings, type OpenStage } from '../org/review-settings.js';
import { businessDate } from '../shared/business-day.js';
import { OpportunityModel, type Opportunity, type OpportunityStage } from './opportunity.model.js';
import { idAndName } from '../shared/id-and-name.js';

// A customer's deals (商机) as pages show them, each with the company's win rate of its stage and the
// expected revenue it adds to the forecast (amount × rate).

/** The most opportunities a customer page lists (open ones first, then the latest closed). */
export const MAX_OPPORTUNITIES = 50;

export interface OpportunityView {
  id: string;
  name: string;
  stage: OpportunityStage;
  /** The company's win probability of the stage (0–1); 1 for won, 0 for lost. */
  winRate: number;
  amount: number;
  expected: number;
  /** YYYY-MM-DD in the business time zone, or null. */
  expectedCloseOn: string | null;
  products: string[];
  nextStep: string;
  contractAmount: number | null;
  contractSignedOn: string | null;
  lostReason: string;
  closedAt: string | null;
}

export interface StageRate {
  stage: OpenStage;
  winRate: number;
}

const isOpen = (stage: string): stage is OpenStage => (openOpportunityStages as readonly string[]).includes(stage);

/** The open stages with the company's win rates (review settings), in pipeline order. */
export async function stageRates(): Promise<StageRate[]> {
  const rates = (await reviewSettings()).stageWinRates;
  return openOpportunityStages.map((stage) => ({ stage, winRate: rates[stage] }));
}

export function opportunityView(o: Opportunity, rates: StageRate[], timeZone: string): OpportunityView {
  const stage = o.stage;
  const winRate = isOpen(stage) ? (rates.find((r) => r.stage === stage)?.winRate ?? 0) : stage === 'won' ? 1 : 0;
  const day = (d: Date | null | undefined) => (d ? businessDate(d, timeZone) : null);
  return {
    ...idAndName(o),
    stage,
    winRate,
    amount: o.amount,
    expected: Math.round(o.amount * winRate * 100) / 100,
    expectedCloseOn: day(o.expectedCloseAt),
    products: o.products ?? [],
    nextStep: o.nextStep ?? '',
    contractAmount: o.contractAmount ?? null,
    contractSignedOn: day(o.contractSignedAt),
    lostReason: o.lostReason ?? '',
    closedAt: o.closedAt?.toISOString() ?? null,
  };
}

/** The customer's opportunities for its page: open ones first, each side newest first. */
export async function customerOpportunities(customerId: Types.ObjectId, timeZone: string) {
  const [list, rates] = await Promise.all([
    OpportunityModel.find({ customerId }).sort({ createdAt: -1 }).limit(MAX_OPPORTUNITIES).lean<Opportunity[]>(),
    stageRates(),
  ]);
  const ordered = [...list.filter((o) => isOpen(o.stage)), ...list.filter((o) => !isOpen(o.stage))];
  return { opportunities: ordered.map((o) => opportunityView(o, rates, timeZone)), stageRates: rates };
}
