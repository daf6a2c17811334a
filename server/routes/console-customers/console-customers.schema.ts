import { z } from 'zod';
import { customerSources, poolStates, stages } from '../../../models/customers/customer.model.js';
import { grades } from '../../../config/pool-rules.js';
import { objectId, queryInt, text } from '../schema-parts.js';

const filterFields = {
  state: z.enum(poolStates).optional(),
  departmentId: queryInt(0, 2 ** 31 - 1).optional(),
  ownerId: objectId.optional(),
  grade: z.enum(grades).optional(),
  stage: z.enum(stages).optional(),
  source: z.enum(customerSources).optional(),
  region: text(40).optional(),
  industry: text(40).optional(),
  dropBefore: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional()
    .describe('Private customers dropping on or before this date'),
  quietDays: queryInt(1, 3650).optional().describe('Owned customers not followed up for at least this many days'),
  q: text(100).optional().describe('Search through the conflict engine: any spelling, phone, credit code, mail, boss'),
};

export const customerListQuery = z.strictObject({
  ...filterFields,
  page: queryInt(1, 100000).default(1),
  pageSize: queryInt(1, 100).default(20),
  after: objectId.optional().describe("A cursor from an earlier answer's `next`: the list continues after it"),
  from: queryInt(1, 100000)
    .optional()
    .describe('The page that starts right after `after` (the one whose answer gave it, plus one); default `page`'),
});
export type CustomerListQuery = z.infer<typeof customerListQuery>;

export const customerExportQuery = z.strictObject(filterFields);
export type CustomerExportQuery = z.infer<typeof customerExportQuery>;

const customerRow = z
  .object({
    id: z.string(),
    name: z.string(),
    state: z.enum(poolStates),
    owner: z.object({ id: z.string(), name: z.string() }).nullable().describe('Who holds it (owner or staker)'),
    team: z.string().describe('The team it answers to; empty when none'),
    grade: z.enum(grades).nullable(),
    stage: z.enum(stages),
    source: z.string(),
    region: z.string(),
    industry: z.string(),
    locked: z.boolean(),
    protectedUntil: z.string().nullable().describe('When it drops; null when it never does (locked, signed)'),
    lastFollowUpAt: z.string().nullable(),
    phones: z.array(z.string()),
    masked: z.boolean(),
    can: z
      .object({ reassign: z.boolean(), lock: z.boolean(), unlock: z.boolean() })
      .describe("The row's actions the viewer may take now, from the permission policy"),
  })
  .describe('A customer row; phones masked unless the viewer works or manages it');

export const customerListResponse = z.object({
  departments: z.array(z.object({ deptId: z.number(), name: z.string() })).describe('The departments to filter by'),
  items: z.array(customerRow),
  page: z.number(),
  pageSize: z.number(),
  total: z.number().describe('Customers counted: exact when `more` is false, else those up to ten pages past this one'),
  more: z.boolean().describe('More customers follow beyond `total` (the count stops ahead of the page)'),
  next: z.string().nullable().describe('The cursor of the next page (send as `after`, with `from` = page + 1)'),
});
export type CustomerListAnswer = z.infer<typeof customerListResponse>;
export type CustomerRow = CustomerListAnswer['items'][number];
