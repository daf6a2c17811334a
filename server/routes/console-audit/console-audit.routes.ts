import type Router from '@koa/router';
import { searchLedger, searchSettingChanges } from '../../../models/console/audit-search.js';
import { botHealth } from '../../../models/bots/bot-health.js';
import type { AppDeps } from '../../app.js';
import { currentEmployee } from '../../middleware/authenticate.js';
import { authorize } from '../../../models/org/policy/policy.js';
import { answer, apiRouter } from '../api-router.js';
import { operation } from '../openapi/operation.js';
import {
  botsAnswer,
  ledgerAnswer,
  ledgerQuery,
  settingChangesAnswer,
  settingChangesQuery,
  type BotsAnswer,
  type LedgerQuery,
  type SettingChangesQuery,
} from './console-audit.schema.js';
import { asJson } from '../json-answer.js';
import { presentLedger, presentSettingChanges } from './audit.presenter.js';

export const consoleAuditOperations = {
  ledger: operation({
    method: 'get',
    path: '/console/audit/ledger',
    tag: '管理后台',
    auth: true,
    query: ledgerQuery,
    response: ledgerAnswer,
    summary: '审计: the customers’ ledger by customer, employee, action and date (sales ops)',
    errors: ['FORBIDDEN'],
  }),
  settings: operation({
    method: 'get',
    path: '/console/audit/settings',
    tag: '管理后台',
    auth: true,
    query: settingChangesQuery,
    response: settingChangesAnswer,
    summary: 'The trail of pool-rule, role, handover and import changes (sales ops)',
    errors: ['FORBIDDEN'],
  }),
  bots: operation({
    method: 'get',
    path: '/console/bots',
    tag: '管理后台',
    auth: true,
    response: botsAnswer,
    summary: '机器人: every bot’s state, account, heartbeat and last error (sales ops)',
    errors: ['FORBIDDEN'],
  }),
};

export function consoleAuditRoutes(deps: AppDeps): Router {
  return apiRouter(deps, consoleAuditOperations, {
    ledger: answer<unknown, LedgerQuery>(deps, async ({ query }, context) =>
      presentLedger(await searchLedger(query, context)),
    ),
    settings: answer<unknown, SettingChangesQuery>(deps, async ({ query }, context) =>
      presentSettingChanges(await searchSettingChanges(query, context)),
    ),
    bots: async (ctx) => {
      await authorize(currentEmployee(ctx), 'manageWecomEvents', null, deps.clock.now());
      const answer: BotsAnswer = asJson(await botHealth(deps.clock.now()));
      ctx.body = answer;
    },
  });
}
