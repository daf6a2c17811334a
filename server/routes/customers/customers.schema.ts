import { z } from 'zod';
import { grades } from '../../../config/pool-rules.js';
import { stages } from '../../../models/customers/customer.model.js';
import { followUpChannels } from '../../../models/follow-ups/follow-up.model.js';
import { MAX_PROFILE_FIELDS, RESERVED_PROFILE_KEYS } from '../../../models/customers/profile-bounds.js';
import { contractFields } from '../opportunities/opportunities.schema.js';
import { note, objectId, optionalTexts, reason, text } from '../schema-parts.js';

export const reasonBody = z.strictObject({ reason });
export type ReasonBody = z.infer<typeof reasonBody>;

export const gradeBody = z.strictObject({
  grade: z
    .enum(grades)
    .nullable()
    .describe('A: signs within a week, B: two weeks, C: a month, D: no near-term intent; null clears'),
  reason,
});
export type GradeBody = z.infer<typeof gradeBody>;

export const stageBody = z.strictObject({
  stage: z.enum(stages),
  reason: reason.describe('Why; required (2+ characters) when undoing 成交, and kept in the ledger'),
  contract: contractFields
    .optional()
    .describe('Signing (成交) without a won deal: the contract amount and signing date'),
});
export type StageBody = z.infer<typeof stageBody>;

/** The fields of a follow-up draft, shared by saving and by the live quality check. */
export const followUpDraft = {
  content: note(5000).describe('The note'),
  channel: z.enum(followUpChannels).optional(),
  contactId: objectId.nullable().optional().describe('A contact of this customer'),
  contactName: text(50).nullable().optional().describe('Who was reached, when not a stored contact'),
  nextStep: text(500).nullable().optional(),
  nextFollowUpAt: z.iso.datetime({ offset: true, error: '日期格式不正确' }).nullable().optional(),
  nextFollowUpDate: z.iso
    .date({ error: '日期格式不正确' })
    .nullable()
    .optional()
    .describe('下次跟进 as a day (YYYY-MM-DD, business time zone, 9:00); instead of nextFollowUpAt'),
};

export const followUpBody = z.strictObject({
  ...followUpDraft,
  content: followUpDraft.content.refine((s) => s.trim().length > 0, '跟进内容不能为空'),
});
export type FollowUpBody = z.infer<typeof followUpBody>;

const profileKey = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, '字段名只能由字母、数字和下划线组成')
  .refine((key) => !RESERVED_PROFILE_KEYS.includes(key), '该字段名是保留字，不能使用');

/** The editable identity and profile fields, shared by creating and editing a customer. */
const profileShape = {
  creditCode: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z]{18}$/, '统一社会信用代码应为 18 位')
    .nullable()
    .optional(),
  phones: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[+\d][\d\s-]{5,20}$/, '电话号码格式不正确'),
    )
    .max(10)
    .optional(),
  ...optionalTexts({ boss: 50, legalRepresentative: 50, industry: 50, region: 50, address: 200, website: 200 }),
  profile: z
    .record(profileKey, z.union([text(500), z.number().finite(), z.boolean()]))
    .refine((p) => Object.keys(p).length <= MAX_PROFILE_FIELDS, `客户画像最多 ${MAX_PROFILE_FIELDS} 个字段`)
    .optional()
    .describe('Configurable profile fields (客户画像), e.g. scale, mainBusiness, budget'),
};

export const profileBody = z.strictObject(profileShape).refine((b) => Object.keys(b).length > 0, '没有要修改的字段');
export type ProfileBody = z.infer<typeof profileBody>;

export const revealBody = z.strictObject({
  reason: text(200)
    .min(2, '请写明查看联系方式的原因')
    .describe('Why ops need the contact details; kept in the audit trail'),
});
export type RevealBody = z.infer<typeof revealBody>;

export const revealedContacts = z.object({
  customerId: z.string(),
  phones: z.array(z.string()),
  boss: z.string(),
  legalRepresentative: z.string(),
  contacts: z.array(
    z.object({ id: z.string(), name: z.string(), phones: z.array(z.string()), wechat: z.string(), email: z.string() }),
  ),
});

/** Sources a rep may name when entering a customer by hand; WeCom, chat and import sources are set by the product. */
export const enteredSources = ['manual', 'referral', 'event', 'website', 'inbound', 'other'] as const;

export const createCustomerBody = z.strictObject({
  name: text(200)
    .min(2, '请填写公司全称（至少 2 个字）')
    .describe('The company entity (主体公司), as on its licence: 北京字节跳动科技有限公司'),
  ...profileShape,
  emails: z.array(z.email('邮箱格式不正确').max(200)).max(10).optional(),
  source: z.enum(enteredSources).optional().describe('Lead source (线索来源); manual when unset'),
  sourceDetail: text(100).optional().describe('Channel detail, e.g. the event or who referred it'),
  stake: z
    .boolean()
    .optional()
    .describe('Stake (占坑) instead of taking it into the private pool: green it before the deadline'),
});
export type CreateCustomerBody = z.infer<typeof createCustomerBody>;
