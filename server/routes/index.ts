import type Router from '@koa/router';
import type { AppDeps } from '../app.js';
import { conflictsRoutes } from './conflicts/conflicts.routes.js';
import { healthRoutes } from './health/health.routes.js';
import { meRoutes } from './me/me.routes.js';

/** Every router of the server; a new route folder is added here. */
export function allRoutes(deps: AppDeps): Router[] {
  return [healthRoutes(deps), meRoutes(deps), conflictsRoutes(deps)];
}
