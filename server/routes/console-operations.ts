import { operationsOf } from './api-router.js';
import type { ApiOperation } from './openapi/operation.js';
import { consoleAuthOperations } from './console-auth/console-auth.routes.js';
import { consoleAuditOperations } from './console-audit/console-audit.routes.js';
import { consoleCustomerOperations } from './console-customers/console-customers.routes.js';
import { consoleImportOperations } from './console-imports/console-imports.routes.js';
import { consoleDuplicateOperations } from './console-duplicates/console-duplicates.routes.js';
import { consolePeopleOperations } from './console-people/console-people.routes.js';
import { consolePoolRuleOperations } from './console-pool-rules/console-pool-rules.routes.js';
import { consoleOverviewOperations } from './console-overview/console-overview.routes.js';

/** The operations behind the ops console (管理后台, /console), for the API description. */
export const consoleOperations: ApiOperation[] = operationsOf(
  consoleAuthOperations,
  consoleOverviewOperations,
  consoleCustomerOperations,
  consolePoolRuleOperations,
  consolePeopleOperations,
  consoleImportOperations,
  consoleDuplicateOperations,
  consoleAuditOperations,
);
