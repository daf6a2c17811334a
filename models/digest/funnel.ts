import { stages, type Stage } from '../customers/customer.model.js';
import { openOpportunityStages, type Opportunity } from '../customers/opportunity.model.js';
import type { ReviewCustomer } from './review-data.js';
import type { Funnel } from './review-types.js';

// The team's funnel: owned customers by pipeline stage, how many of those that reached a stage went
// on to the next, and open opportunities by stage.

const stageRank = new Map<string, number>(stages.map((s, i) => [s, i]));

/** The furthest pipeline stage a customer has reached (its history may show it has been further). */
export function furthestStage(c: Pick<ReviewCustomer, 'stage' | 'stageHistory'>): number {
  return Math.max(stageRank.get(c.stage) ?? 0, ...c.stageHistory.map((h) => stageRank.get(h.to ?? '') ?? 0));
}

export function funnel(customers: readonly ReviewCustomer[], opportunities: readonly Opportunity[]): Funnel {
  const byStage = Object.fromEntries(stages.map((s) => [s, 0])) as Record<Stage, number>;
  const reached = stages.map(() => 0);
  for (const c of customers) {
    byStage[c.stage] += 1;
    const furthest = furthestStage(c);
    for (let i = 0; i <= furthest; i++) {
      reached[i]! += 1;
    }
  }
  const conversion = stages.slice(0, -1).map((from, i) => ({
    from,
    to: stages[i + 1]!,
    rate: reached[i]! > 0 ? reached[i + 1]! / reached[i]! : null,
  }));
  const byOpportunityStage = Object.fromEntries(
    openOpportunityStages.map((s) => [s, { count: 0, amount: 0 }]),
  ) as Funnel['opportunities'];
  let won = 0;
  let lost = 0;
  for (const o of opportunities) {
    if (o.stage === 'won') {
      won++;
    } else if (o.stage === 'lost') {
      lost++;
    } else {
      byOpportunityStage[o.stage].count += 1;
      byOpportunityStage[o.stage].amount += o.amount;
    }
  }
  return {
    byStage,
    reached: Object.fromEntries(stages.map((s, i) => [s, reached[i]!])) as Record<Stage, number>,
    conversion,
    opportunities: byOpportunityStage,
    winRate: won + lost > 0 ? won / (won + lost) : null,
    won,
    lost,
  };
}
