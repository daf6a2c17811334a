import Router from '@koa/router';
import type { AppDeps } from '../../app.js';
import { authenticate, currentEmployee } from '../../middleware/authenticate.js';
import { describeEmployee } from '../../../models/pool/employee-overview.js';

/** GET /api/me: who is logged in, their role, teams and pool usage. */
export function meRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  router.get('/me', authenticate(deps), async (ctx) => {
    ctx.body = await describeEmployee(currentEmployee(ctx), deps.config, deps.clock.now());
  });
  return router;
}
