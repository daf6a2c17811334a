import type Router from '@koa/router';
import type { AppDeps } from '../app.js';
import { conflictsRoutes } from './conflicts/conflicts.routes.js';
import { handoverRoutes } from './handovers/handovers.routes.js';
import { healthRoutes } from './health/health.routes.js';
import { meRoutes } from './me/me.routes.js';
import { wecomCallbackRoutes } from './wecom-callback/wecom-callback.routes.js';
import { wecomEventRoutes } from './wecom-events/wecom-events.routes.js';

/** Every router of the server; a new route folder is added here. */
export function allRoutes(deps: AppDeps): Router[] {
  return [healthRoutes(deps), meRoutes(deps), wecomCallbackRoutes(deps), handoverRoutes(deps), wecomEventRoutes(deps), conflictsRoutes(deps)];
}
