import type Router from '@koa/router';
import { exportConsoleCustomers } from '../../../models/console/customer-export.js';
import { listConsoleCustomers } from '../../../models/console/customer-page.js';
import type { AppDeps } from '../../app.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { inputOf } from '../../middleware/validate.js';
import { apiRouter, readAnswer } from '../api-router.js';
import { consoleOperation } from '../openapi/operation.js';
import {
  customerExportQuery,
  customerListQuery,
  customerListResponse,
  type CustomerExportQuery,
} from './console-customers.schema.js';
import { presentCustomerPage } from './customer-list.presenter.js';

export const consoleCustomerOperations = {
  list: consoleOperation({
    method: 'get',
    path: '/console/customers',
    query: customerListQuery,
    response: customerListResponse,
    summary: '客户: the customers the viewer may see, filtered, searched through the conflict engine, paged',
  }),
  export: consoleOperation({
    method: 'get',
    path: '/console/customers/export',
    query: customerExportQuery,
    summary: 'The filtered list as an Excel workbook (formulas neutralised, contacts masked as on screen)',
  }),
};

export function consoleCustomerRoutes(deps: AppDeps): Router {
  return apiRouter(deps, consoleCustomerOperations, {
    list: readAnswer(deps, listConsoleCustomers, presentCustomerPage),
    export: async (ctx) => {
      const { query } = inputOf<unknown, CustomerExportQuery>(ctx);
      const workbook = await exportConsoleCustomers(query, employeeDomainContext(ctx, deps));
      ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('客户导出.xlsx')}`);
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      ctx.body = workbook;
    },
  });
}
