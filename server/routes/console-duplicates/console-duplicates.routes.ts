import type Router from '@koa/router';
import {
  keepFlaggedPairApart,
  listDuplicateFlags,
  mergeFlaggedPair,
} from '../../../models/conflicts/merge/duplicate-review.js';
import { mergeChosenCustomers } from '../../../models/conflicts/merge/merge-chosen.js';
import type { AppDeps } from '../../app.js';
import { answer, apiRouter } from '../api-router.js';
import { consoleOperation, operation } from '../openapi/operation.js';
import {
  chosenMergeBody,
  duplicateListQuery,
  duplicateListResponse,
  duplicateParams,
  keepBody,
  keepResponse,
  mergeBody,
  mergeResponse,
  type DuplicateListAnswer,
  type ChosenMergeBody,
  type DuplicateListQuery,
  type DuplicateParams,
  type KeepAnswer,
  type MergeAnswer,
  type MergeBody,
} from './console-duplicates.schema.js';
import { asJson } from '../json-answer.js';

export const consoleDuplicateOperations = {
  list: consoleOperation({
    method: 'get',
    path: '/console/duplicates',
    query: duplicateListQuery,
    response: duplicateListResponse,
    summary: '疑似重复: pairs an import flagged as possibly one company, for sales ops to merge or keep apart',
  }),
  merge: operation({
    method: 'post',
    path: '/console/duplicates/:id/merge',
    tag: '管理后台',
    auth: true,
    params: duplicateParams,
    body: mergeBody,
    response: mergeResponse,
    summary: 'Merge a flagged pair: everything moves to the survivor, the other becomes its tombstone',
    description:
      'Contacts (with their WeCom relations), follow-ups, opportunities, conflict cases and the ledger history move ' +
      'to the survivor; both get a `merge` ledger entry; a survivor nobody held takes over the other’s holder, ' +
      'otherwise the other’s holder gets the capacity back. Safe to retry: a repeated request finishes the same merge.',
    errors: [
      'VALIDATION_FAILED',
      'FORBIDDEN',
      'DUPLICATE_FLAG_NOT_FOUND',
      'CUSTOMER_NOT_FOUND',
      'CUSTOMER_MERGED',
      'INVALID_STATE',
      'CONFLICT',
    ],
  }),
  mergeChosen: operation({
    method: 'post',
    path: '/console/duplicates/merge',
    tag: '管理后台',
    auth: true,
    body: chosenMergeBody,
    response: mergeResponse,
    summary: 'Merge any two customers ops know to be one company, flagged 疑似重复 or not (a reason is required)',
    description:
      'The same merge as a flagged pair’s: everything moves to the survivor, open 撞单 complaints follow it, the ' +
      'other becomes its tombstone and the rep who held it is told. Safe to retry.',
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'CUSTOMER_NOT_FOUND', 'CUSTOMER_MERGED', 'INVALID_STATE', 'CONFLICT'],
  }),
  keep: operation({
    method: 'post',
    path: '/console/duplicates/:id/keep',
    tag: '管理后台',
    auth: true,
    params: duplicateParams,
    body: keepBody,
    response: keepResponse,
    summary: 'Keep both (保留两者): the pair is different companies and is never flagged again, nor on later imports',
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'DUPLICATE_FLAG_NOT_FOUND', 'INVALID_STATE'],
  }),
};

export function consoleDuplicateRoutes(deps: AppDeps): Router {
  return apiRouter(deps, consoleDuplicateOperations, {
    list: answer<unknown, DuplicateListQuery>(deps, async ({ query }, context): Promise<DuplicateListAnswer> =>
      asJson(await listDuplicateFlags(query, context)),
    ),
    mergeChosen: answer<ChosenMergeBody>(deps, ({ body }, context) => mergeChosenCustomers(body, context)),
    merge: answer<MergeBody, unknown, DuplicateParams>(deps, ({ body, params }, context): Promise<MergeAnswer> =>
      mergeFlaggedPair({ flagId: params.id, ...body }, context),
    ),
    keep: answer<unknown, unknown, DuplicateParams>(deps, async ({ params }, context): Promise<KeepAnswer> => {
      const flag = await keepFlaggedPairApart({ flagId: params.id }, context);
      return { id: String(flag._id), status: flag.status };
    }),
  });
}
