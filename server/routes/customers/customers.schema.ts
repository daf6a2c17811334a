import { z } from 'zod';
import { grades } from '../../../config/pool-rules.js';
import { stages } from '../../../models/customers/customer.model.js';
import { followUpChannels } from '../../../models/follow-ups/follow-up.model.js';
import { MAX_PROFILE_FIELDS, RESERVED_PROFILE_KEYS } from '../../../models/customers/profile-bounds.js';
import { note, objectId, reason, text } from '../schema-parts.js';

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

export const stageBody = z.strictObject({ stage: z.enum(stages), reason });
export type StageBody = z.infer<typeof stageBody>;

/** The fields of a follow-up draft, shared by saving and by the live quality check. */
export const followUpDraft = {
  content: note(5000).describe('The note'),
  channel: z.enum(followUpChannels).optional(),
  contactId: objectId.nullable().optional().describe('A contact of this customer'),
  contactName: text(50).nullable().optional().describe('Who was reached, when not a stored contact'),
  nextStep: text(500).nullable().optional(),
  nextFollowUpAt: z.iso.datetime({ offset: true, error: '日期格式不正确' }).nullable().optional(),
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

export const profileBody = z
  .strictObject({
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
    boss: text(50).optional(),
    legalRepresentative: text(50).optional(),
    industry: text(50).optional(),
    region: text(50).optional(),
    address: text(200).optional(),
    website: text(200).optional(),
    profile: z
      .record(profileKey, z.union([text(500), z.number().finite(), z.boolean()]))
      .refine((p) => Object.keys(p).length <= MAX_PROFILE_FIELDS, `客户画像最多 ${MAX_PROFILE_FIELDS} 个字段`)
      .optional()
      .describe('Configurable profile fields (客户画像), e.g. scale, mainBusiness, budget'),
  })
  .refine((b) => Object.keys(b).length > 0, '没有要修改的字段');
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
  contacts: z.array(z.object({ id: z.string(), name: z.string(), phones: z.array(z.string()), email: z.string() })),
});
