import { z } from 'zod';
import { grades } from '../../../config/pool-rules.js';
import { dropReasons, poolStates, stages } from '../../../models/customers/customer.model.js';
import { contactRoles } from '../../../models/customers/contact.model.js';
import { followUpChannels } from '../../../models/follow-ups/follow-up.model.js';
import { openOpportunityStages } from '../../../models/org/opportunity-stages.js';
import { detailButtons } from '../../../models/customers/use-cases/customer-detail.js';
import { dealAnswer } from '../opportunities/opportunities.schema.js';
import { canMap, named } from '../schema-parts.js';

// What the customer endpoints answer. The clients' types are inferred from these (miniapp/ through
// scripts/generate-client-types.ts, the console by type-only imports), and the handlers answer these
// types, so a field one side drops or renames fails `npm run typecheck`.

const person = z.object(named);
const reasonLine = z.object({ code: z.string(), message: z.string().describe('What is missing, in Chinese') });
const historyEntry = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  at: z.string(),
  by: z.string().describe('Who changed it'),
  reason: z.string(),
});

export const contactView = z.object({
  id: z.string(),
  name: z.string(),
  position: z.string(),
  role: z.enum(contactRoles).nullable(),
  isKeyPerson: z.boolean(),
  phones: z.array(z.string()),
  wechat: z.string(),
  email: z.string(),
  fromWecom: z.boolean().describe('A WeCom external contact: follows WeCom, not removable here'),
});

export const dropCountdownAnswer = z.object({
  at: z.string().describe('The instant the customer drops to the public pool'),
  daysLeft: z.number().describe('Whole days of protection left after today: 0 = drops tonight'),
  reason: z.enum(dropReasons).nullable(),
});
export type DropCountdownAnswer = z.infer<typeof dropCountdownAnswer>;

export const poolUsageAnswer = z.object({
  used: z.number(),
  capacity: z.number(),
  staked: z.number(),
  stakeLimit: z.number(),
  claimsToday: z.number(),
  dailyClaimLimit: z.number(),
});
export type PoolUsageAnswer = z.infer<typeof poolUsageAnswer>;

const detailCan = canMap(detailButtons, {
  requestLock: 'Ask the managers to lock it (锁定申请)',
  reassign: '分配/转交 to another employee (GET /api/customers/:id/reassign-targets lists whom)',
}).describe('Which actions the viewer may take now, from the permission policy: each true one succeeds');

export const customerDetailAnswer = z.object({
  ...named,
  state: z.enum(poolStates),
  mergedInto: z.string().nullable().describe("A merge's tombstone: the customer it was merged into"),
  stage: z.enum(stages),
  grade: z.enum(grades).nullable(),
  owner: person.nullable(),
  stakedBy: person.nullable(),
  stakeDeadline: z.string().nullable(),
  locked: z.boolean(),
  drop: dropCountdownAnswer.nullable(),
  cooldownUntil: z.string().nullable().describe('Set when the viewer released or lost it recently'),
  profile: z.object({
    industry: z.string(),
    region: z.string(),
    address: z.string(),
    website: z.string(),
    source: z.string(),
    sourceDetail: z.string(),
    boss: z.string(),
    legalRepresentative: z.string(),
    creditCode: z.string(),
    phones: z.array(z.string()),
    fields: z.record(z.string(), z.unknown()).describe('Configurable profile fields (客户画像)'),
  }),
  completeness: z.object({ score: z.number(), missing: z.array(z.string()) }),
  contacts: z.array(contactView),
  contactsMasked: z
    .boolean()
    .describe('Phones, WeChat ids and e-mails are masked unless the viewer owns or manages the customer'),
  opportunities: z.array(dealAnswer).describe('Open deals first, then the closed ones'),
  opportunityStages: z
    .array(z.object({ stage: z.enum(openOpportunityStages), winRate: z.number() }))
    .describe("The open stages with the company's win rates"),
  contract: z
    .object({ amount: z.number(), signedOn: z.string(), opportunityId: z.string().nullable() })
    .nullable()
    .describe('What made the customer signed (成交)'),
  followUps: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      author: z.string(),
      channel: z.enum(followUpChannels),
      contactName: z.string(),
      content: z.string(),
      nextStep: z.string(),
      valid: z.boolean(),
      score: z.number(),
      reasons: z.array(reasonLine),
      counted: z.boolean(),
    }),
  ),
  gradeHistory: z.array(historyEntry),
  stageHistory: z.array(historyEntry),
  ledger: z.array(z.object({ at: z.string(), action: z.string(), actor: z.string(), reason: z.string() })),
  can: detailCan,
});
export type CustomerDetailAnswer = z.infer<typeof customerDetailAnswer>;

export const actionAnswer = z.object({
  customer: z.object({
    ...named,
    state: z.enum(poolStates),
    grade: z.enum(grades).nullable(),
    stage: z.enum(stages),
    protectedUntil: z.string().nullable(),
    stakeDeadline: z.string().nullable(),
  }),
  pool: poolUsageAnswer.describe("The actor's pool usage after the action, for the capacity bar"),
});
export type ActionAnswer = z.infer<typeof actionAnswer>;

export const profileAnswer = actionAnswer.extend({ completeness: z.number().describe('0–100, scored again') });
export type ProfileAnswer = z.infer<typeof profileAnswer>;

export const followUpAnswer = z.object({
  followUp: z.object({
    id: z.string(),
    valid: z.boolean(),
    score: z.number(),
    reasons: z.array(reasonLine),
    revised: z
      .boolean()
      .describe(
        "An invalid note that replaced the author's previous invalid note on this customer (edited, not appended)",
      ),
  }),
  counted: z.boolean().describe('Whether the note reset the drop clock (valid, and written by the owner)'),
  customer: z.object({ id: z.string(), protectedUntil: z.string().nullable() }),
});
export type FollowUpAnswer = z.infer<typeof followUpAnswer>;
