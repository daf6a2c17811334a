import type Router from '@koa/router';
import type { AppDeps } from '../app.js';
import { conflictsRoutes } from './conflicts/conflicts.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { consoleAppRoutes } from './console-app/console-app.routes.js';
import { consoleAuthRoutes } from './console-auth/console-auth.routes.js';
import { consoleAuditRoutes } from './console-audit/console-audit.routes.js';
import { consoleCustomerRoutes } from './console-customers/console-customers.routes.js';
import { consoleDuplicateRoutes } from './console-duplicates/console-duplicates.routes.js';
import { consoleImportRoutes } from './console-imports/console-imports.routes.js';
import { consolePeopleRoutes } from './console-people/console-people.routes.js';
import { consolePoolRuleRoutes } from './console-pool-rules/console-pool-rules.routes.js';
import { consoleOverviewRoutes } from './console-overview/console-overview.routes.js';
import { customerRoutes } from './customers/customers.routes.js';
import { customerLockRoutes } from './customer-locks/customer-locks.routes.js';
import { reassignRoutes } from './reassign/reassign.routes.js';
import { followUpRoutes } from './follow-ups/follow-ups.routes.js';
import { handoverRoutes } from './handovers/handovers.routes.js';
import { healthRoutes } from './health/health.routes.js';
import { meRoutes } from './me/me.routes.js';
import { myRoutes } from './my/my.routes.js';
import { openApiRoutes } from './openapi/openapi.routes.js';
import { poolRoutes } from './pool/pool.routes.js';
import { teamRoutes } from './team/team.routes.js';
import { wecomCallbackRoutes } from './wecom-callback/wecom-callback.routes.js';
import { wecomEventRoutes } from './wecom-events/wecom-events.routes.js';

/** Every router of the server; a new route folder is added here. */
export function allRoutes(deps: AppDeps): Router[] {
  return [
    healthRoutes(deps),
    meRoutes(deps),
    wecomCallbackRoutes(deps),
    handoverRoutes(deps),
    wecomEventRoutes(deps),
    conflictsRoutes(deps),
    authRoutes(deps),
    poolRoutes(deps),
    myRoutes(deps),
    customerRoutes(deps),
    customerLockRoutes(deps),
    reassignRoutes(deps),
    followUpRoutes(deps),
    teamRoutes(deps),
    openApiRoutes(deps),
    consoleAuthRoutes(deps),
    consoleOverviewRoutes(deps),
    consoleCustomerRoutes(deps),
    consolePoolRuleRoutes(deps),
    consolePeopleRoutes(deps),
    consoleImportRoutes(deps),
    consoleDuplicateRoutes(deps),
    consoleAuditRoutes(deps),
    consoleAppRoutes(deps),
  ];
}
