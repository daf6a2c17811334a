import type Router from '@koa/router';
import { exportConsoleCustomers } from '../../../models/console/customer-export.js';
import { listConsoleCustomers } from '../../../models/console/customer-page.js';
import type { AppDeps } from '../../app.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { inputOf } from '../../middleware/validate.js';
import { answer, apiRouter } from '../api-router.js';
import { operation } from '../openapi/operation.js';
import {
  customerExportQuery,
  customerListQuery,
  customerListResponse,
  type CustomerExportQuery,
  type CustomerListQuery,
} from './console-customers.schema.js';
import { presentCustomerPage } from './customer-list.presenter.js';

export const consoleCustomerOperations = {
  list: operation({
    method: 'get',
    path: '/console/customers',
    tag: '管理后台',
    auth: true,
    query: customerListQuery,
    response: customerListResponse,
    summary: '客户: the customers the viewer may see, filtered, searched through the conflict engine, paged',
    errors: ['FORBIDDEN'],
  }),
  export: operation({
    method: 'get',
    path: '/console/customers/export',
    tag: '管理后台',
    auth: true,
    query: customerExportQuery,
    summary: 'The filtered list as an Excel workbook (formulas neutralised, contacts masked as on screen)',
    errors: ['FORBIDDEN'],
  }),
};

export function consoleCustomerRoutes(deps: AppDeps): Router {
  return apiRouter(deps, consoleCustomerOperations, {
    list: answer<unknown, CustomerListQuery>(deps, async ({ query }, context) =>
      presentCustomerPage(await listConsoleCustomers(query, context)),
    ),
    export: async (ctx) => {
      const { query } = inputOf<unknown, CustomerExportQuery>(ctx);
      const workbook = await exportConsoleCustomers(query, employeeDomainContext(ctx, deps));
      ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('客户导出.xlsx')}`);
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      ctx.body = workbook;
    },
  });
}
