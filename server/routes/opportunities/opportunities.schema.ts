import { z } from 'zod';
import { openOpportunityStages, opportunityStages } from '../../../models/org/opportunity-stages.js';
import { text } from '../schema-parts.js';

/** A calendar date as the mini-app's date picker gives it. */
export const day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式应为 YYYY-MM-DD');

const yuan = z
  .number({ error: '金额必须是数字' })
  .finite()
  .min(0, '金额不能为负数')
  .max(1e11, '金额过大，请核对（单位：元）');

const dealFields = {
  name: text(200).min(2, '请填写商机名称（至少 2 个字）').describe('What is being sold to whom, e.g. 二期产线改造'),
  amount: yuan.describe('Expected amount in yuan (元)'),
  expectedCloseOn: day.nullable().optional().describe('Expected close date (预计成交日期), YYYY-MM-DD'),
  stage: z
    .enum(openOpportunityStages)
    .optional()
    .describe('qualify 初步接洽, needs 需求确认, proposal 方案报价, negotiation 商务谈判; each carries a win rate'),
  products: z.array(text(100).min(1, '产品名称不能为空')).max(20, '最多 20 个产品').optional(),
  nextStep: text(500).optional().describe('下一步'),
};

export const openDealBody = z.strictObject(dealFields);
export type OpenDealBody = z.infer<typeof openDealBody>;

export const dealChangesBody = z
  .strictObject({ ...dealFields, name: dealFields.name.optional(), amount: dealFields.amount.optional() })
  .refine((b) => Object.keys(b).length > 0, '没有要修改的字段');
export type DealChangesBody = z.infer<typeof dealChangesBody>;

export const contractFields = z.strictObject({
  amount: yuan.positive('合同金额必须大于 0').describe('Contract amount in yuan (合同金额)'),
  signedOn: day.describe('Signing date (签约日期), YYYY-MM-DD, not after today'),
});

export const wonBody = contractFields;
export type WonBody = z.infer<typeof wonBody>;

export const lostBody = z.strictObject({
  reason: text(500).min(2, '请写明输单原因').describe('Why the deal was lost (输单原因)'),
});
export type LostBody = z.infer<typeof lostBody>;

export const dealAnswer = z.object({
  id: z.string(),
  name: z.string(),
  stage: z.enum(opportunityStages),
  winRate: z.number().describe("The company's win probability of the stage (0–1)"),
  amount: z.number(),
  expected: z.number().describe('amount × winRate, what the deal adds to the forecast'),
  expectedCloseOn: z.string().nullable(),
  products: z.array(z.string()),
  nextStep: z.string(),
  contractAmount: z.number().nullable(),
  contractSignedOn: z.string().nullable(),
  lostReason: z.string(),
  closedAt: z.string().nullable(),
});
