// The stages of a deal (商机). Open stages carry a win rate for the forecast (company review settings).

export const opportunityStages = ['qualify', 'needs', 'proposal', 'negotiation', 'won', 'lost'] as const;
export type OpportunityStage = (typeof opportunityStages)[number];
export const openOpportunityStages = ['qualify', 'needs', 'proposal', 'negotiation'] as const;
