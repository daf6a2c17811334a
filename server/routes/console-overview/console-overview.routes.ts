import Router from '@koa/router';
import { consoleOverview } from '../../../models/console/console-overview.js';
import type { AppDeps } from '../../app.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { inputOf } from '../../middleware/validate.js';
import { mount, operation } from '../openapi/operation.js';
import { overviewQuery, overviewResponse, type OverviewQuery } from './console-overview.schema.js';
import { presentOverview } from './overview.presenter.js';

export const consoleOverviewOperations = {
  overview: operation({
    method: 'get',
    path: '/console/overview',
    tag: '管理后台',
    auth: true,
    query: overviewQuery,
    response: overviewResponse,
    summary: '概览: funnel, forecast, forgotten customers, per-team rows with alarms, claims/releases/drops per day',
    errors: ['FORBIDDEN'],
  }),
};

export function consoleOverviewRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  mount(router, deps, consoleOverviewOperations.overview, async (ctx) => {
    const { query } = inputOf<unknown, OverviewQuery>(ctx);
    ctx.body = presentOverview(await consoleOverview(query, employeeDomainContext(ctx, deps)));
  });
  return router;
}
