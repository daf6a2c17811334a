import Router from '@koa/router';
import {
  autoAssignSettings,
  changeAutoAssignRule,
  changeLeadDepartment,
} from '../../../models/console/auto-assign-settings.js';
import { runLeadRule } from '../../../models/pool/auto-assign.js';
import type { AppDeps } from '../../app.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { inputOf } from '../../middleware/validate.js';
import { mount, operation } from '../openapi/operation.js';
import { idParams } from '../schema-parts.js';
import {
  autoAssignBody,
  autoAssignResult,
  autoAssignRuleAnswer,
  autoAssignRuleBody,
  autoAssignSettingsAnswer,
  deptParams,
  leadDepartmentAnswer,
  leadDepartmentBody,
  type AutoAssignSettingsAnswer,
  type AutoAssignBody,
  type AutoAssignRuleBody,
  type DeptParams,
  type LeadDepartmentBody,
} from './auto-assign.schema.js';

export const autoAssignOperations = {
  run: operation({
    method: 'post',
    path: '/customers/:id/auto-assign',
    tag: '客户',
    auth: true,
    params: idParams,
    body: autoAssignBody,
    response: autoAssignResult,
    summary: 'Sales ops: run the lead rule on a new public lead now (exactly once, whichever instance asks)',
    errors: ['FORBIDDEN', 'INVALID_STATE', 'CUSTOMER_NOT_FOUND'],
  }),
  settings: operation({
    method: 'get',
    path: '/console/auto-assign',
    tag: '管理后台',
    auth: true,
    response: autoAssignSettingsAnswer,
    summary: "线索自动分配: each department's rule and the company's lead department",
    errors: ['FORBIDDEN'],
  }),
  rule: operation({
    method: 'put',
    path: '/console/auto-assign/:deptId',
    tag: '管理后台',
    auth: true,
    params: deptParams,
    body: autoAssignRuleBody,
    response: autoAssignRuleAnswer,
    summary: "Sets a department's rule (sales ops): mode, per-rep daily cap, members with weights and territories",
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CSRF_FAILED'],
  }),
  leadDepartment: operation({
    method: 'put',
    path: '/console/lead-department',
    tag: '管理后台',
    auth: true,
    body: leadDepartmentBody,
    response: leadDepartmentAnswer,
    summary: "Names the department whose rule takes the company's new unowned leads (sales ops)",
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CSRF_FAILED'],
  }),
};

/** Automatic assignment: running it on a lead, and its rules. */
export function autoAssignRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  const ops = autoAssignOperations;
  mount(router, deps, ops.run, async (ctx) => {
    const { params, body } = inputOf<AutoAssignBody, unknown, { id: string }>(ctx);
    const input = { customerId: params.id, departmentId: body.departmentId ?? null };
    ctx.body = await runLeadRule(input, employeeDomainContext(ctx, deps));
  });
  mount(router, deps, ops.settings, async (ctx) => {
    const settings = await autoAssignSettings(employeeDomainContext(ctx, deps));
    ctx.body = settings satisfies AutoAssignSettingsAnswer;
  });
  mount(router, deps, ops.rule, async (ctx) => {
    const { params, body } = inputOf<AutoAssignRuleBody, unknown, DeptParams>(ctx);
    ctx.body = await changeAutoAssignRule(
      { ...body, departmentId: Number(params.deptId) },
      employeeDomainContext(ctx, deps),
    );
  });
  mount(router, deps, ops.leadDepartment, async (ctx) => {
    const body = inputOf<LeadDepartmentBody>(ctx).body;
    ctx.body = await changeLeadDepartment(body, employeeDomainContext(ctx, deps));
  });
  return router;
}
