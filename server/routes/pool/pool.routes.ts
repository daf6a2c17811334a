import Router from '@koa/router';
import { customerSources } from '../../../models/customers/customer.model.js';
import { grades } from '../../../config/pool-rules.js';
import { poolFilterOptions, searchPublicPool } from '../../../models/pool/pool-search.js';
import type { AppDeps } from '../../app.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { rateLimit } from '../../middleware/rate-limit.js';
import { inputOf } from '../../middleware/validate.js';
import { mount, operation } from '../openapi/operation.js';
import {
  poolFilters,
  poolPage,
  poolSearchQuery,
  type PoolFiltersAnswer,
  type PoolPageAnswer,
  type PoolSearchQueryInput,
} from './pool.schema.js';

export const poolOperations = {
  search: operation({
    method: 'get',
    path: '/pool/customers',
    tag: '公海',
    auth: true,
    query: poolSearchQuery,
    response: poolPage,
    summary: 'Search the public pool (公海)',
    description:
      'One page (at most 20, pages 1–50) of public customers by name, industry, region, source, grade and days in the ' +
      'pool. Rate-limited per employee (RATE_LIMIT_POOL_SEARCH). Never carries contact details.',
    errors: ['RATE_LIMITED'],
  }),
  filters: operation({
    method: 'get',
    path: '/pool/filters',
    tag: '公海',
    auth: true,
    response: poolFilters,
    summary: 'The values the public-pool filters offer',
  }),
};

/** The public pool: search with filters and paging, and the filter options. */
export function poolRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  mount(
    router,
    deps,
    poolOperations.search,
    rateLimit(deps, 'pool-search', (c) => c.rateLimits.poolSearch),
    async (ctx) => {
      const query = inputOf<unknown, PoolSearchQueryInput>(ctx).query;
      const answer: PoolPageAnswer = await searchPublicPool(query, employeeDomainContext(ctx, deps));
      ctx.body = answer;
    },
  );
  mount(router, deps, poolOperations.filters, async (ctx) => {
    const answer: PoolFiltersAnswer = {
      ...(await poolFilterOptions()),
      sources: [...customerSources],
      grades: [...grades],
    };
    ctx.body = answer;
  });
  return router;
}
