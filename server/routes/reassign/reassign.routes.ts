import type Router from '@koa/router';
import { reassignCustomers, reassignTargets } from '../../../models/pool/reassign-customers.js';
import type { AppDeps } from '../../app.js';
import { answer, apiRouter } from '../api-router.js';
import { operation } from '../openapi/operation.js';
import { idParams, type IdParams } from '../schema-parts.js';
import {
  reassignBody,
  reassignResult,
  reassignTargetsResult,
  type ReassignBody,
  type ReassignTargetsAnswer,
} from './reassign.schema.js';

export const reassignOperations = {
  reassign: operation({
    method: 'post',
    path: '/customers/reassign',
    tag: '客户',
    auth: true,
    body: reassignBody,
    response: reassignResult,
    summary: '分配/转交 one or many customers to an employee: managers within their team, sales ops across teams',
    description:
      "Each customer moves on its own, within the receiver's capacity, with one ledger entry; refusals are listed " +
      'per customer. The receiver and each previous holder are told. When none moves, the answer is the first ' +
      'refusal (all of them in error.details.refused).',
    errors: [
      'FORBIDDEN',
      'POOL_CAPACITY_FULL',
      'INVALID_STATE',
      'CUSTOMER_QUARANTINED',
      'CUSTOMER_NOT_FOUND',
      'EMPLOYEE_NOT_FOUND',
      'EMPLOYEE_INACTIVE',
      'CONFLICT',
    ],
  }),
  targets: operation({
    method: 'get',
    path: '/customers/:id/reassign-targets',
    tag: '客户',
    auth: true,
    params: idParams,
    response: reassignTargetsResult,
    summary: 'Whom the viewer may move this customer to (the policy decides each), with their capacity use',
    errors: ['CUSTOMER_NOT_FOUND'],
  }),
};

/** 分配/转交. */
export function reassignRoutes(deps: AppDeps): Router {
  return apiRouter(deps, reassignOperations, {
    reassign: answer<ReassignBody>(deps, ({ body }, context) => reassignCustomers(body, context)),
    targets: answer<unknown, unknown, IdParams>(deps, async ({ params }, context): Promise<ReassignTargetsAnswer> => ({
      targets: await reassignTargets(params.id, context),
    })),
  });
}
