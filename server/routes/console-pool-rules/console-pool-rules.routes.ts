import Router from '@koa/router';
import { changePoolRules, poolRuleSettings, previewRuleChange } from '../../../models/console/pool-rule-settings.js';
import type { AppDeps } from '../../app.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { jsonBody } from '../../middleware/json-body.js';
import { inputOf } from '../../middleware/validate.js';
import { consoleOperation, mount } from '../openapi/operation.js';
import {
  changeRulesBody,
  levelParams,
  poolRulesAnswer,
  previewAnswer,
  previewBody,
  redatedAnswer,
  type ChangeRulesBody,
  type LevelParams,
  type PreviewAnswer,
  type PreviewBody,
  type RedatedAnswer,
} from './console-pool-rules.schema.js';
import { presentPoolRules } from './pool-rules.presenter.js';

export const consolePoolRuleOperations = {
  list: consoleOperation({
    method: 'get',
    path: '/console/pool-rules',
    summary:
      '公海规则: the configured defaults, the company’s and each department’s overrides, and the effective rules',
    response: poolRulesAnswer,
  }),
  change: consoleOperation({
    method: 'put',
    path: '/console/pool-rules/:level',
    params: levelParams,
    body: changeRulesBody,
    response: redatedAnswer,
    summary:
      'Sets the company’s or a department’s overrides (sales ops); audited; the governed customers’ drops are re-dated',
    errors: ['NOT_FOUND', 'CSRF_FAILED'],
  }),
  preview: consoleOperation({
    method: 'post',
    path: '/console/pool-rules/:level/preview',
    params: levelParams,
    body: previewBody,
    response: previewAnswer,
    summary: 'Impact preview: how many customers would drop by tomorrow and within 7 days under the proposed rules',
    errors: ['NOT_FOUND', 'CSRF_FAILED'],
  }),
};

const levelOf = (level: string) => (level === 'company' ? null : Number(level));

export function consolePoolRuleRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  router.use(jsonBody());
  const ops = consolePoolRuleOperations;
  mount(router, deps, ops.list, async (ctx) => {
    ctx.body = presentPoolRules(await poolRuleSettings(employeeDomainContext(ctx, deps)));
  });
  mount(router, deps, ops.change, async (ctx) => {
    const { params, body } = inputOf<ChangeRulesBody, unknown, LevelParams>(ctx);
    const answer: RedatedAnswer = await changePoolRules(
      {
        departmentId: levelOf(params.level),
        override: body.rules,
        businessLine: body.businessLine,
        reason: body.reason,
      },
      employeeDomainContext(ctx, deps),
    );
    ctx.body = answer;
  });
  mount(router, deps, ops.preview, async (ctx) => {
    const { params, body } = inputOf<PreviewBody, unknown, LevelParams>(ctx);
    const answer: PreviewAnswer = await previewRuleChange(
      { departmentId: levelOf(params.level), override: body.rules },
      employeeDomainContext(ctx, deps),
    );
    ctx.body = answer;
  });
  return router;
}
