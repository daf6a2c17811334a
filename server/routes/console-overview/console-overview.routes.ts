import type Router from '@koa/router';
import { consoleOverview } from '../../../models/console/console-overview.js';
import type { AppDeps } from '../../app.js';
import { apiRouter, readAnswer } from '../api-router.js';
import { consoleOperation } from '../openapi/operation.js';
import { overviewQuery, overviewResponse } from './console-overview.schema.js';
import { presentOverview } from './overview.presenter.js';

export const consoleOverviewOperations = {
  overview: consoleOperation({
    method: 'get',
    path: '/console/overview',
    query: overviewQuery,
    response: overviewResponse,
    summary: '概览: funnel, forecast, forgotten customers, per-team rows with alarms, claims/releases/drops per day',
  }),
};

export function consoleOverviewRoutes(deps: AppDeps): Router {
  return apiRouter(deps, consoleOverviewOperations, {
    overview: readAnswer(deps, consoleOverview, presentOverview),
  });
}
