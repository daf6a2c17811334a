import { Schema } from 'mongoose';
import { grades } from '../../config/pool-rules.js';
import { openOpportunityStages } from './opportunity-stages.js';

// The stored shape of the review settings inside the company settings document. Every field is
// optional; models/org/review-settings.ts fills in the defaults.

export const reviewSettingsSchema = new Schema(
  {
    followUpWindowDays: {
      type: new Schema(Object.fromEntries(grades.map((g) => [g, { type: Number, min: 1 }])), { _id: false }),
      default: undefined,
    },
    stageWinRates: {
      type: new Schema(Object.fromEntries(openOpportunityStages.map((s) => [s, { type: Number, min: 0, max: 1 }])), {
        _id: false,
      }),
      default: undefined,
    },
    forecastMinClosed: { type: Number, min: 1 },
    forecastHistoryDays: { type: Number, min: 30 },
    staleOpportunityDays: { type: Number, min: 1 },
    staleFactor: { type: Number, min: 0, max: 1 },
    noNewAClassAlarmDays: { type: Number, min: 1 },
    forgottenDays: { type: [Number], default: undefined },
  },
  { _id: false },
);
