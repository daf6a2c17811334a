import Router from '@koa/router';
import { changeRole, listPeople } from '../../../models/console/people.js';
import type { AppDeps } from '../../app.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { jsonBody } from '../../middleware/json-body.js';
import { inputOf } from '../../middleware/validate.js';
import { mount, operation } from '../openapi/operation.js';
import { changeRoleBody, personParams, type ChangeRoleBody, type PersonParams } from './console-people.schema.js';

export const consolePeopleOperations = {
  list: operation({
    method: 'get',
    path: '/console/people',
    tag: '管理后台',
    auth: true,
    summary: '人员与权限: employees in the viewer’s scope with role, teams, business line, capacity use and status',
    errors: ['FORBIDDEN'],
  }),
  changeRole: operation({
    method: 'put',
    path: '/console/people/:id/role',
    tag: '管理后台',
    auth: true,
    params: personParams,
    body: changeRoleBody,
    summary: 'Changes an employee’s role (admins only); audited, and the employee’s sessions are revoked',
    errors: ['FORBIDDEN', 'EMPLOYEE_NOT_FOUND', 'INVALID_STATE', 'CONFLICT', 'CSRF_FAILED'],
  }),
};

export function consolePeopleRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  router.use(jsonBody());
  mount(router, deps, consolePeopleOperations.list, async (ctx) => {
    ctx.body = await listPeople(employeeDomainContext(ctx, deps));
  });
  mount(router, deps, consolePeopleOperations.changeRole, async (ctx) => {
    const { params, body } = inputOf<ChangeRoleBody, unknown, PersonParams>(ctx);
    const employee = await changeRole({ employeeId: params.id, ...body }, employeeDomainContext(ctx, deps));
    ctx.body = { id: String(employee._id), role: employee.role };
  });
  return router;
}
