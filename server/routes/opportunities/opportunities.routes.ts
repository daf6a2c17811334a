import type Router from '@koa/router';
import { loseOpportunity, winOpportunity } from '../../../models/customers/use-cases/close-opportunity.js';
import { openOpportunity, updateOpportunity } from '../../../models/customers/use-cases/opportunities.js';
import type { AppDeps } from '../../app.js';
import { answerForId, apiRouter } from '../api-router.js';
import { operation } from '../openapi/operation.js';
import { idParams } from '../schema-parts.js';
import {
  dealAnswer,
  dealChangesBody,
  lostBody,
  openDealBody,
  wonBody,
  type DealChangesBody,
  type LostBody,
  type OpenDealBody,
  type WonBody,
} from './opportunities.schema.js';

const dealErrors = ['NOT_OWNER', 'INVALID_STATE', 'CUSTOMER_NOT_FOUND'] as const;

export const opportunityOperations = {
  open: operation({
    method: 'post',
    path: '/customers/:id/opportunities',
    tag: '商机',
    auth: true,
    params: idParams,
    body: openDealBody,
    response: dealAnswer,
    summary:
      'Open a deal (商机) on a customer in a private pool: amount, expected close date, stage, products, next step',
    description:
      'The owner, the manager of their team and ops may; a public or staked customer is refused with 409 ' +
      'INVALID_STATE (claim it first). The deal is the owner’s and feeds their forecast (amount × the stage’s win ' +
      'rate). A customer not yet at 商机 moves there. Answers 201.',
    errors: [...dealErrors],
  }),
  edit: operation({
    method: 'post',
    path: '/opportunities/:id',
    tag: '商机',
    auth: true,
    params: idParams,
    body: dealChangesBody,
    response: dealAnswer,
    summary: 'Edit an open deal: only the fields sent change; a stage move is kept in its history',
    errors: [...dealErrors, 'OPPORTUNITY_NOT_FOUND', 'CONFLICT'],
  }),
  won: operation({
    method: 'post',
    path: '/opportunities/:id/won',
    tag: '商机',
    auth: true,
    params: idParams,
    body: wonBody,
    response: dealAnswer,
    summary: 'Win a deal (赢单) with the contract amount and signing date: the customer becomes signed (成交)',
    errors: [...dealErrors, 'OPPORTUNITY_NOT_FOUND', 'CONFLICT'],
  }),
  lost: operation({
    method: 'post',
    path: '/opportunities/:id/lost',
    tag: '商机',
    auth: true,
    params: idParams,
    body: lostBody,
    response: dealAnswer,
    summary: 'Lose a deal (输单), with the reason',
    errors: [...dealErrors, 'OPPORTUNITY_NOT_FOUND', 'CONFLICT'],
  }),
};

/** Deals (商机): open, edit, win, lose. */
export function opportunityRoutes(deps: AppDeps): Router {
  return apiRouter(deps, opportunityOperations, {
    open: answerForId<OpenDealBody>(
      deps,
      (customerId, deal, ctx) => openOpportunity({ customerId, opportunity: deal }, ctx),
      201,
    ),
    edit: answerForId<DealChangesBody>(deps, (opportunityId, changes, ctx) =>
      updateOpportunity({ opportunityId, changes }, ctx),
    ),
    won: answerForId<WonBody>(deps, (opportunityId, contract, ctx) => winOpportunity({ opportunityId, contract }, ctx)),
    lost: answerForId<LostBody>(deps, (opportunityId, { reason }, ctx) =>
      loseOpportunity({ opportunityId, reason }, ctx),
    ),
  });
}
