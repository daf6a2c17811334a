import Router from '@koa/router';
import { changeRole, listPeople } from '../../../models/console/people.js';
import type { AppDeps } from '../../app.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { jsonBody } from '../../middleware/json-body.js';
import { inputOf } from '../../middleware/validate.js';
import { consoleOperation, mount } from '../openapi/operation.js';
import { setAwayStatus } from '../../../models/console/away-status.js';
import {
  awayAnswer,
  changeRoleBody,
  peopleAnswer,
  personParams,
  roleAnswer,
  setAwayBody,
  type ChangeRoleBody,
  type PersonParams,
  type SetAwayBody,
} from './console-people.schema.js';
import { presentAway, presentPeople, presentRole } from './people.presenter.js';

export const consolePeopleOperations = {
  list: consoleOperation({
    method: 'get',
    path: '/console/people',
    summary: '人员与权限: employees in the viewer’s scope with role, teams, business line, capacity use and status',
    response: peopleAnswer,
  }),
  changeRole: consoleOperation({
    method: 'put',
    path: '/console/people/:id/role',
    params: personParams,
    body: changeRoleBody,
    summary: 'Changes an employee’s role (admins only); audited, and the employee’s sessions are revoked',
    response: roleAnswer,
    errors: ['EMPLOYEE_NOT_FOUND', 'INVALID_STATE', 'CONFLICT', 'CSRF_FAILED'],
  }),
  setAway: consoleOperation({
    method: 'put',
    path: '/console/people/:id/away',
    params: personParams,
    body: setAwayBody,
    summary: 'Marks an employee away (休假) for a period, or back (ops or their manager); audited',
    description: 'Automatic assignment of new leads skips employees who are away; their customers stay theirs.',
    response: awayAnswer,
    errors: ['EMPLOYEE_NOT_FOUND', 'INVALID_STATE', 'VALIDATION_FAILED', 'CSRF_FAILED'],
  }),
};

export function consolePeopleRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  router.use(jsonBody());
  mount(router, deps, consolePeopleOperations.list, async (ctx) => {
    ctx.body = presentPeople(await listPeople(employeeDomainContext(ctx, deps)));
  });
  mount(router, deps, consolePeopleOperations.changeRole, async (ctx) => {
    const { params, body } = inputOf<ChangeRoleBody, unknown, PersonParams>(ctx);
    const employee = await changeRole({ employeeId: params.id, ...body }, employeeDomainContext(ctx, deps));
    ctx.body = presentRole(employee);
  });
  mount(router, deps, consolePeopleOperations.setAway, async (ctx) => {
    const { params, body } = inputOf<SetAwayBody, unknown, PersonParams>(ctx);
    const employee = await setAwayStatus({ employeeId: params.id, away: body.away }, employeeDomainContext(ctx, deps));
    ctx.body = presentAway(employee);
  });
  return router;
}
