import { z } from 'zod';
import { autoAssignModes } from '../../../models/org/auto-assign.schema.js';
import { objectId, text } from '../schema-parts.js';

export const autoAssignBody = z.strictObject({
  departmentId: z
    .number()
    .int('部门 ID 必须是整数')
    .min(1)
    .optional()
    .describe("Whose rule to run; default: the company's lead department"),
});
export type AutoAssignBody = z.infer<typeof autoAssignBody>;

export const autoAssignResult = z.object({
  assigned: z.boolean(),
  employeeId: z.string().optional(),
  name: z.string().optional(),
  reason: z
    .enum(['off', 'not-public', 'nobody'])
    .optional()
    .describe('Why not: no rule, no longer a new public lead (e.g. another instance assigned it), nobody available'),
});

const member = z.strictObject({
  employeeId: objectId,
  weight: z.number().int('权重必须是整数').min(1, '权重不能小于 1').max(100, '权重不能大于 100').default(1),
  territories: z
    .array(text(30).refine((s) => s.length > 0, '地区/行业不能为空'))
    .max(50, '最多 50 个地区/行业')
    .default([])
    .describe('Regions or industries this rep covers (region / industry modes)'),
});

export const autoAssignRuleBody = z.strictObject({
  mode: z.enum(autoAssignModes).describe('off: leads wait in the public pool'),
  dailyCap: z.number().int('每日上限必须是整数').min(1, '每日上限不能小于 1').max(1000, '每日上限不能大于 1000'),
  members: z
    .array(member)
    .max(500, '最多 500 名成员')
    .default([])
    .describe("Who receives leads; empty: every active rep of the department's tree"),
  reason: text(200).optional(),
});
export type AutoAssignRuleBody = z.infer<typeof autoAssignRuleBody>;
/** What a client sends (defaults not yet applied). */
export type AutoAssignRuleInput = z.input<typeof autoAssignRuleBody>;

export const deptParams = z.strictObject({
  deptId: z.string().regex(/^\d{1,10}$/, '应为部门 ID'),
});
export type DeptParams = z.infer<typeof deptParams>;

export const leadDepartmentBody = z.strictObject({
  departmentId: z.number().int().min(1).nullable().describe("null: the company's new leads wait in the public pool"),
  reason: text(200).optional(),
});
export type LeadDepartmentBody = z.infer<typeof leadDepartmentBody>;
export type LeadDepartmentInput = z.input<typeof leadDepartmentBody>;

const ruleAnswer = z.object({
  mode: z.enum(autoAssignModes),
  dailyCap: z.number(),
  members: z.array(
    z.object({ employeeId: z.string(), name: z.string(), weight: z.number(), territories: z.array(z.string()) }),
  ),
});

export const autoAssignSettingsAnswer = z.object({
  leadDepartmentId: z.number().nullable().describe("The department whose rule takes the company's new unowned leads"),
  departments: z.array(z.object({ deptId: z.number(), name: z.string(), rule: ruleAnswer })),
});
export type AutoAssignSettingsAnswer = z.infer<typeof autoAssignSettingsAnswer>;

export const autoAssignRuleAnswer = ruleAnswer.extend({ members: z.array(member.required()) });
export const leadDepartmentAnswer = z.object({ leadDepartmentId: z.number().nullable() });
