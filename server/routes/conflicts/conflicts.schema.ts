import { z } from 'zod';
import { caseDecisions, caseKinds, caseStatuses } from '../../../models/conflicts/cases/conflict-case.model.js';
import { objectId, text } from '../schema-parts.js';

// A phone or e-mail may come as one string or a list (the mini-app form has one field each).
const list = (max: number) =>
  z
    .union([text(max), z.array(text(max)).max(20)])
    .transform((v) => (Array.isArray(v) ? v : [v]).filter((s) => s !== ''));

export const checkBody = z
  .object({
    name: text(200).optional(),
    creditCode: text(40).optional(),
    phones: list(40).optional(),
    emails: list(200).optional(),
    boss: text(50).optional(),
    externalUserId: text(100).optional(),
    unionId: text(100).optional(),
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
