import { z } from 'zod';
import { stages } from '../../../models/customers/customer.model.js';
import { openOpportunityStages } from '../../../models/customers/opportunity.model.js';
import { customerBookAnswer } from '../my/my.schema.js';

// The team page's answers: the evening review (理单), from the same computation as the daily digest.

const customerRef = z.object({ customerId: z.string(), name: z.string() });
const gradeMove = customerRef.extend({ from: z.string().nullable(), to: z.string().nullable() });
const byDaysQuiet = z.record(z.string(), z.number()).describe('Days → owned customers not contacted for that long');

const repReview = z.object({
  employeeId: z.string(),
  userId: z.string(),
  name: z.string(),
  departmentId: z.number().nullable(),
  followUps: z.object({ total: z.number(), valid: z.number(), filler: z.number() }),
  aClass: z.array(
    customerRef.extend({
      stage: z.enum(stages),
      since: z.string().nullable(),
      daysQuiet: z.number(),
      lastNote: z.string(),
      opportunity: z.object({ stage: z.string(), amount: z.number() }).nullable(),
    }),
  ),
  upgrades: z.array(gradeMove),
  downgrades: z.array(gradeMove),
  newAClass: z.number().describe('Customers graded A today'),
  newLeads: z.object({ total: z.number(), bySource: z.record(z.string(), z.number()) }),
  claims: z.number(),
  releases: z.number(),
  drops: z.number(),
  received: z.number().describe('Customers assigned or transferred to the rep today'),
  droppingTomorrow: z.array(customerRef),
  conflicts: z.number(),
  capacity: z.object({ used: z.number(), limit: z.number(), staked: z.number(), stakeLimit: z.number() }),
  forgotten: byDaysQuiet,
  knownSince: z.string().nullable(),
});

const amountCount = z.object({ count: z.number(), amount: z.number() });
const forecastBucket = amountCount.extend({ from: z.string(), to: z.string(), expected: z.number() });
const byOpenStage = <T extends z.ZodType>(value: T) => z.record(z.enum(openOpportunityStages), value);

export const teamFigures = z.object({
  reps: z.number(),
  totals: z.object({
    followUps: z.number(),
    valid: z.number(),
    filler: z.number(),
    newLeads: z.number(),
    claims: z.number(),
    releases: z.number(),
    drops: z.number(),
    newAClass: z.number(),
    aClass: z.number(),
    droppingTomorrow: z.number(),
    conflicts: z.number(),
    capacityUsed: z.number(),
    capacityLimit: z.number(),
  }),
  funnel: z.object({
    byStage: z.record(z.enum(stages), z.number()),
    reached: z.record(z.enum(stages), z.number()),
    conversion: z.array(z.object({ from: z.enum(stages), to: z.enum(stages), rate: z.number().nullable() })),
    opportunities: byOpenStage(amountCount),
    winRate: z.number().nullable(),
    won: z.number(),
    lost: z.number(),
  }),
  forecast: z.object({
    winRates: byOpenStage(z.object({ rate: z.number(), learned: z.boolean(), sample: z.number() })),
    thisMonth: forecastBucket,
    nextMonth: forecastBucket,
    nextQuarter: forecastBucket,
    overdue: amountCount,
    undated: amountCount,
  }),
  forgotten: byDaysQuiet,
  alarm: z.object({ noNewAClass: z.boolean(), days: z.number(), lastNewAClass: z.string().nullable() }),
});

export const teamRow = z.object({ departmentId: z.number(), name: z.string(), review: teamFigures });

export const teamReviewAnswer = z.object({
  date: z.string().describe('Business date reviewed (YYYY-MM-DD)'),
  team: teamFigures
    .nullable()
    .describe("The daily digest's team figures: totals, funnel, forecast, the no-new-A-class alarm"),
  reps: z.array(repReview).describe("A manager's reps; empty for ops, who get per-team rows"),
  teams: z.array(teamRow),
  droppingTomorrow: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      ownerId: z.string(),
      ownerName: z.string(),
      grade: z.string().nullable(),
      at: z.string(),
      reason: z.string().nullable(),
    }),
  ),
});
export type TeamReviewAnswer = z.infer<typeof teamReviewAnswer>;

export const repDrillDownAnswer = customerBookAnswer.extend({
  todaysFollowUps: z.array(
    z.object({
      id: z.string(),
      customerId: z.string(),
      at: z.string(),
      content: z.string(),
      valid: z.boolean(),
      reasons: z.array(z.string()).describe('Why an invalid note does not count, in Chinese'),
    }),
  ),
});
export type RepDrillDownAnswer = z.infer<typeof repDrillDownAnswer>;
