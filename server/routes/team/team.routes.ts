import type Router from '@koa/router';
import { z } from 'zod';
import { repDrillDown, teamReview } from '../../../models/digest/team-review-view.js';
import type { AppDeps } from '../../app.js';
import { answer, apiRouter } from '../api-router.js';
import { operation } from '../openapi/operation.js';
import { idParams, type IdParams } from '../schema-parts.js';
import { presentRepDrillDown, presentTeamReview } from './team-review.presenter.js';
import { repDrillDownAnswer, teamReviewAnswer } from './team.schema.js';

export const teamOperations = {
  review: operation({
    method: 'get',
    path: '/team/review',
    tag: '团队',
    auth: true,
    query: z.strictObject({}),
    response: teamReviewAnswer,
    summary:
      'The evening review (理单) of my teams: per-rep figures for today and customers dropping by the end of tomorrow',
    description: 'Managers see the departments they lead (and below); ops and admins see everyone; reps are refused.',
    errors: ['FORBIDDEN'],
  }),
  rep: operation({
    method: 'get',
    path: '/team/reps/:id',
    tag: '团队',
    auth: true,
    params: idParams,
    response: repDrillDownAnswer,
    summary: "Drill down into one rep of my teams: their customers and today's follow-ups",
    errors: ['FORBIDDEN', 'EMPLOYEE_NOT_FOUND'],
  }),
};

/** The manager's team page. */
export function teamRoutes(deps: AppDeps): Router {
  return apiRouter(deps, teamOperations, {
    review: answer(deps, async (_input, context) => presentTeamReview(await teamReview(context))),
    rep: answer<unknown, unknown, IdParams>(deps, async ({ params }, context) =>
      presentRepDrillDown(await repDrillDown({ employeeId: params.id }, context)),
    ),
  });
}
