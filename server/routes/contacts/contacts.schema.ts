import { z } from 'zod';
import { contactRoles } from '../../../models/customers/contact.model.js';
import { text } from '../schema-parts.js';
import { contactView } from '../customers/customer-answers.schema.js';

const phone = z
  .string()
  .trim()
  .regex(/^[+\d][\d\s-]{5,20}$/, '电话号码格式不正确');

const contactFields = {
  name: text(50).min(1, '请填写联系人姓名').describe('As the rep addresses them: 王建国, 王总'),
  position: text(50).optional().describe('Job title (职位), e.g. 采购总监'),
  role: z
    .enum(contactRoles)
    .nullable()
    .optional()
    .describe(
      'Decision-chain role: decider 决策人, influencer 影响人, user 使用人, gatekeeper 把关人 (procurement, IT), ' +
        'champion 内线/支持者, other',
    ),
  phones: z.array(phone).max(5, '最多 5 个电话').optional(),
  wechat: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{0,40}$/, '微信号只能包含字母、数字、下划线和减号')
    .optional()
    .describe('WeChat id (微信号)'),
  email: z.union([z.email('邮箱格式不正确').max(200), z.literal('')]).optional(),
  isKeyPerson: z.boolean().optional().describe('Key decision maker (KP, 关键决策人): counts toward completeness'),
};

export const contactBody = z.strictObject(contactFields);
export type ContactBody = z.infer<typeof contactBody>;

export const contactChangesBody = z
  .strictObject({ ...contactFields, name: contactFields.name.optional() })
  .refine((b) => Object.keys(b).length > 0, '没有要修改的字段');
export type ContactChangesBody = z.infer<typeof contactChangesBody>;

const completeness = z.object({
  score: z.number(),
  missing: z.array(z.string()),
  greened: z.boolean().describe('A staked customer greened by this change'),
});

export const contactAnswer = z.object({
  contact: contactView.describe(
    'Phones, WeChat and e-mail masked unless the viewer may see the customer’s contact details',
  ),
  completeness,
});

export type ContactAnswer = z.infer<typeof contactAnswer>;

export const removedAnswer = z.object({ completeness });
