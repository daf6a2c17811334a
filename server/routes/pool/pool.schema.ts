import { z } from 'zod';
import { grades } from '../../../config/pool-rules.js';
import { customerSources, stages } from '../../../models/customers/customer.model.js';
import { canMap, named, queryInt, text } from '../schema-parts.js';

export const POOL_PAGE_SIZE_MAX = 20;
/** Deep paging is what scraping looks like; a person narrows the filters instead. */
export const POOL_PAGE_MAX = 50;

export const poolSearchQuery = z
  .strictObject({
    q: text(50).optional().describe('Company name or brand; ranked name matching'),
    industry: text(50).optional(),
    region: text(50).optional(),
    source: z.enum(customerSources).optional(),
    grade: z
      .enum([...grades, 'none'])
      .optional()
      .describe("Intent grade, or 'none' for ungraded"),
    minDaysInPool: queryInt(0, 3650).optional().describe('At least this many days in the public pool'),
    maxDaysInPool: queryInt(0, 3650).optional().describe('At most this many days in the public pool'),
    sort: z.enum(['newest', 'oldest']).optional(),
    page: queryInt(1, POOL_PAGE_MAX).default(1),
    pageSize: queryInt(1, POOL_PAGE_SIZE_MAX).default(POOL_PAGE_SIZE_MAX),
  })
  .refine((q) => q.minDaysInPool === undefined || q.maxDaysInPool === undefined || q.minDaysInPool <= q.maxDaysInPool, {
    message: '最短天数不能大于最长天数',
    path: ['minDaysInPool'],
  });
export type PoolSearchQueryInput = z.infer<typeof poolSearchQuery>;

const poolItem = z.object({
  ...named,
  industry: z.string(),
  region: z.string(),
  source: z.string(),
  grade: z.enum(grades).nullable(),
  stage: z.enum(stages),
  completeness: z.number(),
  publicSince: z.string().nullable(),
  daysInPool: z.number().nullable(),
  cooldownUntil: z.string().nullable(),
  can: canMap(['claim', 'stake']).describe('What the viewer may do with it now'),
});
export const poolPage = z.object({
  items: z.array(poolItem),
  page: z.number(),
  pageSize: z.number(),
  hasMore: z.boolean(),
});
export type PoolPageAnswer = z.infer<typeof poolPage>;
export const poolFilters = z.object({
  industries: z.array(z.string()),
  regions: z.array(z.string()),
  sources: z.array(z.string()),
  grades: z.array(z.string()),
});
export type PoolFiltersAnswer = z.infer<typeof poolFilters>;
