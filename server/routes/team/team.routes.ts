import Router from '@koa/router';
import { z } from 'zod';
import { repDrillDown, teamReview } from '../../../models/digest/team-review-view.js';
import type { AppDeps } from '../../app.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { inputOf } from '../../middleware/validate.js';
import { customerBookResponse } from '../my/my.routes.js';
import { mount, operation } from '../openapi/operation.js';
import { idParams } from '../schema-parts.js';

const repFigures = z
  .object({
    employeeId: z.string(),
    name: z.string(),
    followUps: z.object({ total: z.number(), valid: z.number(), filler: z.number() }),
    claims: z.number(),
    releases: z.number(),
    drops: z.number(),
    newAClass: z.number(),
    droppingTomorrow: z.array(z.object({ customerId: z.string(), name: z.string() })),
    capacity: z.object({ used: z.number(), limit: z.number(), staked: z.number(), stakeLimit: z.number() }),
  })
  .loose();

const reviewResponse = z.object({
  date: z.string().describe('Business date reviewed (YYYY-MM-DD)'),
  team: z
    .object({
      totals: z.record(z.string(), z.number()),
      alarm: z.object({ noNewAClass: z.boolean(), days: z.number() }).loose(),
    })
    .loose()
    .nullable()
    .describe("The daily digest's team figures: totals, funnel, forecast, the no-new-A-class alarm"),
  reps: z.array(repFigures).describe("A manager's reps; empty for ops, who get per-team rows"),
  teams: z.array(z.object({ departmentId: z.number(), name: z.string() }).loose()),
  droppingTomorrow: z.array(
    z.object({ id: z.string(), name: z.string(), ownerName: z.string(), at: z.string() }).loose(),
  ),
});

export const teamOperations = {
  review: operation({
    method: 'get',
    path: '/team/review',
    tag: '团队',
    auth: true,
    query: z.strictObject({}),
    response: reviewResponse,
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
    response: customerBookResponse.extend({
      todaysFollowUps: z.array(z.object({ id: z.string(), content: z.string(), valid: z.boolean() }).loose()),
    }),
    summary: "Drill down into one rep of my teams: their customers and today's follow-ups",
    errors: ['FORBIDDEN', 'EMPLOYEE_NOT_FOUND'],
  }),
};

/** The manager's team page. */
export function teamRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  mount(router, deps, teamOperations.review, async (ctx) => {
    ctx.body = await teamReview(employeeDomainContext(ctx, deps));
  });
  mount(router, deps, teamOperations.rep, async (ctx) => {
    const { id } = inputOf<unknown, unknown, { id: string }>(ctx).params;
    ctx.body = await repDrillDown({ employeeId: id }, employeeDomainContext(ctx, deps));
  });
  return router;
}
