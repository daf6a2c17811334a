import Router from '@koa/router';
import { z } from 'zod';
import { customerBook } from '../../../models/pool/my-customers.js';
import type { AppDeps } from '../../app.js';
import { currentEmployee, employeeDomainContext } from '../../middleware/authenticate.js';
import { mount, operation } from '../openapi/operation.js';

const countdown = z.object({ at: z.string(), daysLeft: z.number(), reason: z.string().nullable() });
export const customerBookResponse = z.object({
  employee: z.object({ id: z.string(), name: z.string() }),
  pool: z.object({
    used: z.number(),
    capacity: z.number(),
    staked: z.number(),
    stakeLimit: z.number(),
    claimsToday: z.number(),
    dailyClaimLimit: z.number(),
  }),
  private: z.array(
    z
      .object({
        id: z.string(),
        name: z.string(),
        grade: z.string().nullable(),
        stage: z.string(),
        locked: z.boolean(),
        drop: countdown.nullable(),
      })
      .loose(),
  ),
  staked: z.array(
    z
      .object({
        id: z.string(),
        name: z.string(),
        greened: z.boolean(),
        stakeDeadline: z.string().nullable(),
        daysLeft: z.number().nullable(),
      })
      .loose(),
  ),
});

export const myOperations = {
  customers: operation({
    method: 'get',
    path: '/my/customers',
    tag: '我的客户',
    auth: true,
    query: z.strictObject({}),
    response: customerBookResponse,
    summary:
      'My private pool by drop date (with countdowns), capacity used, and my staked customers with greening deadlines',
  }),
};

/** GET /api/my/customers: the logged-in rep's own customers. */
export function myRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  mount(router, deps, myOperations.customers, async (ctx) => {
    ctx.body = await customerBook(currentEmployee(ctx), employeeDomainContext(ctx, deps));
  });
  return router;
}
