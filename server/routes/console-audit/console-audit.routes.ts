import Router from '@koa/router';
import { searchLedger, searchSettingChanges } from '../../../models/console/audit-search.js';
import { botHealth } from '../../../models/bots/bot-health.js';
import type { AppDeps } from '../../app.js';
import { currentEmployee, employeeDomainContext } from '../../middleware/authenticate.js';
import { inputOf } from '../../middleware/validate.js';
import { authorize } from '../../../models/org/policy/policy.js';
import { mount, operation } from '../openapi/operation.js';
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
  const router = new Router({ prefix: '/api' });
  mount(router, deps, consoleAuditOperations.ledger, async (ctx) => {
    const { query } = inputOf<unknown, LedgerQuery>(ctx);
    ctx.body = presentLedger(await searchLedger(query, employeeDomainContext(ctx, deps)));
  });
  mount(router, deps, consoleAuditOperations.settings, async (ctx) => {
    const { query } = inputOf<unknown, SettingChangesQuery>(ctx);
    ctx.body = presentSettingChanges(await searchSettingChanges(query, employeeDomainContext(ctx, deps)));
  });
  mount(router, deps, consoleAuditOperations.bots, async (ctx) => {
    await authorize(currentEmployee(ctx), 'manageWecomEvents', null, deps.clock.now());
    const answer: BotsAnswer = asJson(await botHealth(deps.clock.now()));
    ctx.body = answer;
  });
  return router;
}
