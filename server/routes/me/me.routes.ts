import Router from '@koa/router';
import type { AppDeps } from '../../app.js';
import { currentEmployee } from '../../middleware/authenticate.js';
import { describeEmployee } from '../../../models/pool/employee-overview.js';
import { mount, operation } from '../openapi/operation.js';
import { meAnswer, type MeAnswer } from './me.schema.js';

export const meOperations = {
  me: operation({
    method: 'get',
    path: '/me',
    tag: '登录',
    auth: true,
    response: meAnswer,
    summary: 'Who is logged in: identity, role, teams and pool usage',
  }),
};

/** GET /api/me: who is logged in, their role, teams and pool usage. */
export function meRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  mount(router, deps, meOperations.me, async (ctx) => {
    const answer: MeAnswer = await describeEmployee(currentEmployee(ctx), deps.config, deps.clock.now());
    ctx.body = answer;
  });
  return router;
}
