import type { ApiOperation } from './openapi/operation.js';
import { consoleAuthOperations } from './console-auth/console-auth.routes.js';
import { consoleOverviewOperations } from './console-overview/console-overview.routes.js';

/** The operations behind the ops console (管理后台, /console), for the API description. */
export const consoleOperations: ApiOperation[] = [
  ...Object.values(consoleAuthOperations),
  ...Object.values(consoleOverviewOperations),
];
