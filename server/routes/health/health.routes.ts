import Router from '@koa/router';
import { botHealth } from '../../../models/bots/bot-health.js';
import { databaseIsUp } from '../../../models/shared/db/database.js';
import type { AppDeps } from '../../app.js';

const startedAt = Date.now();

/**
 * GET /healthz: whether the server and its database are up, and which mode it runs in. The bots
 * (separate processes) are reported from the state they record in the database; they never make
 * the server unhealthy.
 */
export function healthRoutes(deps: AppDeps): Router {
  const router = new Router();
  router.get('/healthz', async (ctx) => {
    const db = (await databaseIsUp()) ? 'up' : 'down';
    const probes: Record<string, () => unknown> = {
      bot: () => (db === 'up' ? botHealth(deps.clock.now()) : { state: 'unknown' }),
      ...deps.health,
    };
    const components = Object.fromEntries(
      await Promise.all(Object.entries(probes).map(async ([name, probe]) => [name, await probe()] as const)),
    );
    ctx.status = db === 'up' ? 200 : 503;
    ctx.body = {
      status: db === 'up' ? 'ok' : 'degraded',
      db,
      mode: deps.config.mode,
      ...components,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      time: deps.clock.now().toISOString(),
    };
  });
  return router;
}
