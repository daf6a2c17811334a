import { z } from 'zod';
import { customerSources, poolStates, stages } from '../../../models/customers/customer.model.js';
import { grades } from '../../../config/pool-rules.js';
import type { CustomerPage } from '../../../models/console/customer-list.js';
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
});
export type CustomerListQuery = z.infer<typeof customerListQuery>;

export const customerExportQuery = z.strictObject(filterFields);
export type CustomerExportQuery = z.infer<typeof customerExportQuery>;

export const customerListResponse = z.object({
  items: z.array(
    z
      .object({ id: z.string(), name: z.string(), state: z.string(), masked: z.boolean() })
      .loose()
      .describe('A customer row; phones masked unless the viewer works or manages it'),
  ),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
});
export type CustomerListAnswer = CustomerPage;
