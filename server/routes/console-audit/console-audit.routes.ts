import type Router from '@koa/router';
import { searchLedger, searchSettingChanges } from '../../../models/console/audit-search.js';
import { botHealth } from '../../../models/bots/bot-health.js';
import type { AppDeps } from '../../app.js';
import { currentEmployee } from '../../middleware/authenticate.js';
import { authorize } from '../../../models/org/policy/policy.js';
import { apiRouter, readAnswer } from '../api-router.js';
import { consoleOperation } from '../openapi/operation.js';
import {
  botsAnswer,
  ledgerAnswer,
  ledgerQuery,
  settingChangesAnswer,
  settingChangesQuery,
  type BotsAnswer,
} from './console-audit.schema.js';
import { asJson } from '../json-answer.js';
import { presentLedger, presentSettingChanges } from './audit.presenter.js';

export const consoleAuditOperations = {
  ledger: consoleOperation({
    method: 'get',
    path: '/console/audit/ledger',
    query: ledgerQuery,
    response: ledgerAnswer,
    summary: '审计: the customers’ ledger by customer, employee, action and date (sales ops)',
  }),
  settings: consoleOperation({
    method: 'get',
    path: '/console/audit/settings',
    query: settingChangesQuery,
    response: settingChangesAnswer,
    summary: 'The trail of pool-rule, role, handover and import changes (sales ops)',
  }),
  bots: consoleOperation({
    method: 'get',
    path: '/console/bots',
    response: botsAnswer,
    summary: '机器人: every bot’s state, account, heartbeat and last error (sales ops)',
  }),
};

export function consoleAuditRoutes(deps: AppDeps): Router {
  return apiRouter(deps, consoleAuditOperations, {
    ledger: readAnswer(deps, searchLedger, presentLedger),
    settings: readAnswer(deps, searchSettingChanges, presentSettingChanges),
    bots: async (ctx) => {
      await authorize(currentEmployee(ctx), 'manageWecomEvents', null, deps.clock.now());
      const answer: BotsAnswer = asJson(await botHealth(deps.clock.now()));
      ctx.body = answer;
    },
  });
}
