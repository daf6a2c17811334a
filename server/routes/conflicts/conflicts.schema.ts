import { z } from 'zod';
import { caseDecisions, caseKinds, caseStatuses } from '../../../models/conflicts/cases/conflict-case.model.js';
import { opportunityStages } from '../../../models/customers/opportunity.model.js';
import { businessLines } from '../../../models/org/department.model.js';
import { objectId, optionalTexts, text } from '../schema-parts.js';

// A phone or e-mail may come as one string or a list (the mini-app form has one field each).
const list = (max: number) =>
  z
    .union([text(max), z.array(text(max)).max(20)])
    .transform((v) => (Array.isArray(v) ? v : [v]).filter((s) => s !== ''));

export const checkBody = z
  .object({
    ...optionalTexts({ name: 200, creditCode: 40 }),
    phones: list(40).optional(),
    emails: list(200).optional(),
    ...optionalTexts({ boss: 50, externalUserId: 100, unionId: 100 }),
    customerId: objectId.optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '')), {
    message: '请至少填写一项：名称、信用代码、电话、邮箱、老板或客户',
  });
export type CheckBody = z.infer<typeof checkBody>;

export const fileCaseBody = z
  .object({
    customerId: objectId,
    kind: z.enum(caseKinds),
    reason: text(2000).min(5, '请写明申诉理由（至少 5 个字）'),
    complainantCustomerId: objectId.optional(),
  })
  .strict();
export type FileCaseBody = z.infer<typeof fileCaseBody>;

export const listCasesQuery = z
  .object({
    status: z.enum(caseStatuses).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();
export type ListCasesQuery = z.infer<typeof listCasesQuery>;

export const caseParams = z.object({ id: objectId });
export type CaseParams = z.infer<typeof caseParams>;

export const ruleCaseBody = z
  .object({
    decision: z.enum(caseDecisions),
    transfer: z.boolean().optional(),
    note: text(1000).optional(),
  })
  .strict();
export type RuleCaseBody = z.infer<typeof ruleCaseBody>;

// The answers. Instants are ISO strings.
const instant = z.string().describe('ISO instant');
const person = z.object({ id: z.string(), name: z.string() });

export const conflictCheckAnswer = z.object({
  understood: z
    .object({ normalizedName: z.string(), coreName: z.string(), region: z.string() })
    .nullable()
    .describe('How the name was understood, so the rep sees why something matched'),
  matches: z.array(
    z.object({
      customerId: z.string(),
      name: z.string(),
      relation: z.enum(['same', 'related']).describe('same: the same company; related: same boss, phone, brand…'),
      state: z.enum(['public', 'private', 'staked', 'signed', 'quarantined', 'merged']),
      owner: person.extend({ team: z.string() }).nullable(),
      matchedOn: z.array(z.string()).describe('The keys that matched (name, phone, credit code, …)'),
      score: z.number(),
      mine: z.boolean().describe('The viewer owns (or staked) it'),
      protection: z
        .object({
          since: instant.nullable(),
          days: z.number().nullable().describe('Whole days since the protection started'),
          dropsAt: instant.nullable().describe('When it drops; null while locked or signed'),
          locked: z.boolean(),
        })
        .nullable(),
      contact: z.object({ phones: z.array(z.string()), boss: z.string(), masked: z.boolean() }),
    }),
  ),
});
export type ConflictCheckAnswer = z.infer<typeof conflictCheckAnswer>;

export const caseViewAnswer = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  kind: z.enum(caseKinds),
  kindLabel: z.string(),
  reason: z.string(),
  status: z.enum(caseStatuses),
  filedAt: instant,
  complainant: person,
  respondent: person,
  complainantCustomerId: z.string().nullable(),
  ruling: z
    .object({
      decision: z.enum(caseDecisions),
      transferred: z.boolean(),
      note: z.string(),
      followedSuggestion: z.boolean(),
      ruledBy: z.string(),
      ruledAt: instant,
    })
    .nullish()
    .describe('How ops ruled; null until then'),
});
export type CaseViewAnswer = z.infer<typeof caseViewAnswer>;

const winner = z.enum([...caseDecisions, 'tie']);
const side = z.object({
  employeeId: z.string(),
  name: z.string(),
  firstContactAt: instant.nullable(),
  firstContactBy: z.enum(['follow-up', 'wecom']).nullable(),
  holdingSince: instant.nullable(),
  realContact: z.boolean(),
  kpReached: z.boolean(),
  validFollowUps: z.number(),
  invalidFollowUps: z.number(),
  lastValidFollowUpAt: instant.nullable(),
  recentValidFollowUps: z.number(),
  opportunity: z
    .object({ stage: z.enum(opportunityStages), amount: z.number(), lastMovedAt: instant.nullable() })
    .nullable(),
  progress: z.number(),
});

export const caseDetailAnswer = caseViewAnswer.extend({
  assessment: z
    .object({
      businessLine: z.enum(businessLines),
      complainant: side,
      respondent: side,
      suggestion: z.object({
        decision: z.enum(caseDecisions),
        points: z.record(z.enum(caseDecisions), z.number()),
        winners: z.record(z.enum(['firstContact', 'realContact', 'kpReached', 'validFollowUps', 'progress']), winner),
        rule: z.enum(['thin-record', 'fake-contact']).nullable(),
        reasons: z.array(z.string()),
      }),
      assessedAt: instant,
    })
    .nullable()
    .describe('Live for open cases, as ruled for closed ones; null once withdrawn'),
});
export type CaseDetailAnswer = z.infer<typeof caseDetailAnswer>;

export const caseListAnswer = z.object({ cases: z.array(caseViewAnswer) });
export type CaseListAnswer = z.infer<typeof caseListAnswer>;

export const rulingAnswer = z.object({
  case: caseDetailAnswer,
  customer: z.object({ id: z.string(), state: z.string(), ownerId: z.string().nullable() }),
});
export type RulingAnswer = z.infer<typeof rulingAnswer>;
