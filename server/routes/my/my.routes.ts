import Router from '@koa/router';
import { z } from 'zod';
import { customerBook } from '../../../models/pool/my-customers.js';
import type { AppDeps } from '../../app.js';
import { currentEmployee, employeeDomainContext } from '../../middleware/authenticate.js';
import { mount, operation } from '../openapi/operation.js';
import { presentCustomerBook } from './customer-book.presenter.js';
import { customerBookAnswer } from './my.schema.js';

export const myOperations = {
  customers: operation({
    method: 'get',
    path: '/my/customers',
    tag: '我的客户',
    auth: true,
    query: z.strictObject({}),
    response: customerBookAnswer,
    summary:
      'My private pool by drop date (with countdowns), capacity used, and my staked customers with greening deadlines',
  }),
};

/** GET /api/my/customers: the logged-in rep's own customers. */
export function myRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  mount(router, deps, myOperations.customers, async (ctx) => {
    ctx.body = presentCustomerBook(await customerBook(currentEmployee(ctx), employeeDomainContext(ctx, deps)));
  });
  return router;
}
