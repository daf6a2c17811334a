import Router from '@koa/router';
import type { Types } from 'mongoose';
import { checkConflicts } from '../../../models/conflicts/check-conflicts.js';
import { fileConflictCase, withdrawConflictCase } from '../../../models/conflicts/cases/file-case.js';
import { conflictCaseDetail, listConflictCases } from '../../../models/conflicts/cases/list-cases.js';
import { ruleConflictCase } from '../../../models/conflicts/cases/rule-case.js';
import { matchState } from '../../../models/conflicts/describe-matches.js';
import type { DomainContext } from '../../../models/shared/domain-context.js';
import type { AppDeps } from '../../app.js';
import { asJson } from '../json-answer.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { rateLimit } from '../../middleware/rate-limit.js';
import { inputOf } from '../../middleware/validate.js';
import { mount, operation } from '../openapi/operation.js';
import {
  caseDetailAnswer,
  caseListAnswer,
  caseParams,
  checkBody,
  conflictCheckAnswer,
  fileCaseBody,
  listCasesQuery,
  ruleCaseBody,
  rulingAnswer,
  type CaseDetailAnswer,
  type CaseListAnswer,
  type CaseParams,
  type ConflictCheckAnswer,
  type CheckBody,
  type FileCaseBody,
  type ListCasesQuery,
  type RuleCaseBody,
  type RulingAnswer,
} from './conflicts.schema.js';

export const conflictOperations = {
  check: operation({
    method: 'post',
    path: '/conflicts/check',
    tag: '查重',
    auth: true,
    body: checkBody,
    response: conflictCheckAnswer,
    summary: 'Conflict check (撞单查重) by name, credit code, phone, mail, boss or an existing customer',
    description:
      'Ranked matches, each "same" (the same company: do not create it again) or "related" (same boss or phone under ' +
      'another name, the same brand elsewhere, a similar name), with state, owner, team and protection dates. Contact details ' +
      'are masked unless the viewer may work the customer (always for customers nobody holds). Rate-limited per ' +
      'employee (RATE_LIMIT_CONFLICT_CHECK), each name, code, phone, mail or boss counting as one check; checking ' +
      'several numbers behind one masked phone in a day is refused (429 PROBING_REFUSED) and reported to sales ops.',
    errors: ['INVALID_CREDIT_CODE', 'CUSTOMER_NOT_FOUND', 'RATE_LIMITED', 'PROBING_REFUSED'],
  }),
  file: operation({
    method: 'post',
    path: '/conflicts/cases',
    tag: '查重',
    auth: true,
    body: fileCaseBody,
    response: caseDetailAnswer,
    summary: 'File a complaint (撞单申诉) against the holder of a customer; the holder is told at once',
    errors: ['CUSTOMER_NOT_FOUND', 'INVALID_STATE', 'CASE_ALREADY_OPEN', 'COOLDOWN_ACTIVE'],
  }),
  list: operation({
    method: 'get',
    path: '/conflicts/cases',
    tag: '查重',
    auth: true,
    query: listCasesQuery,
    response: caseListAnswer,
    summary: 'Complaints the viewer may see: their own as complainant or holder; all of them for sales ops',
  }),
  detail: operation({
    method: 'get',
    path: '/conflicts/cases/:id',
    tag: '查重',
    auth: true,
    params: caseParams,
    response: caseDetailAnswer,
    summary:
      'One complaint with the criteria of both sides (first contact, valid follow-ups, KP, opportunity) and the suggested ruling',
    errors: ['CASE_NOT_FOUND', 'FORBIDDEN'],
  }),
  rule: operation({
    method: 'post',
    path: '/conflicts/cases/:id/ruling',
    tag: '查重',
    auth: true,
    params: caseParams,
    body: ruleCaseBody,
    response: rulingAnswer,
    summary: 'Rule on a complaint (sales ops): for the complainant (the customer is transferred) or for the holder',
    errors: ['CASE_NOT_FOUND', 'FORBIDDEN', 'INVALID_STATE', 'POOL_CAPACITY_FULL'],
  }),
  withdraw: operation({
    method: 'post',
    path: '/conflicts/cases/:id/withdraw',
    tag: '查重',
    auth: true,
    params: caseParams,
    response: caseDetailAnswer,
    summary: "Withdraw one's own open complaint",
    errors: ['CASE_NOT_FOUND', 'FORBIDDEN', 'INVALID_STATE'],
  }),
};

/** How many keys a check looks up, each counted against the employee's conflict-check limit. */
function checkedKeys(body: CheckBody): number {
  return Math.max(
    1,
    Object.values(body).reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : v ? 1 : 0), 0),
  );
}

/** One complaint as its answer: the domain's view, as JSON sends it. */
async function caseDetail(caseId: Types.ObjectId | string, ctx: DomainContext): Promise<CaseDetailAnswer> {
  return asJson(await conflictCaseDetail({ caseId }, ctx));
}

/** Conflict checks (撞单查重) and conflict complaints (撞单申诉) for the mini-app. */
export function conflictsRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });

  mount(
    router,
    deps,
    conflictOperations.check,
    // Each name, code, phone, mail, boss or id checked counts: 20 phones in one request are 20 checks.
    rateLimit(deps, 'conflict-check', (c) => c.rateLimits.conflictCheck, {
      units: (ctx) => checkedKeys(inputOf<CheckBody>(ctx).body),
    }),
    async (ctx) => {
      const { body } = inputOf<CheckBody>(ctx);
      const answer: ConflictCheckAnswer = asJson(await checkConflicts(body, employeeDomainContext(ctx, deps)));
      ctx.body = answer;
    },
  );

  mount(router, deps, conflictOperations.file, async (ctx) => {
    const { body } = inputOf<FileCaseBody>(ctx);
    const created = await fileConflictCase(body, employeeDomainContext(ctx, deps));
    ctx.status = 201;
    ctx.body = await caseDetail(created._id, employeeDomainContext(ctx, deps));
  });

  mount(router, deps, conflictOperations.list, async (ctx) => {
    const { query } = inputOf<unknown, ListCasesQuery>(ctx);
    const answer: CaseListAnswer = { cases: asJson(await listConflictCases(query, employeeDomainContext(ctx, deps))) };
    ctx.body = answer;
  });

  mount(router, deps, conflictOperations.detail, async (ctx) => {
    const { params } = inputOf<unknown, unknown, CaseParams>(ctx);
    ctx.body = await caseDetail(params.id, employeeDomainContext(ctx, deps));
  });

  mount(router, deps, conflictOperations.rule, async (ctx) => {
    const { params, body } = inputOf<RuleCaseBody, unknown, CaseParams>(ctx);
    const { customer } = await ruleConflictCase({ caseId: params.id, ...body }, employeeDomainContext(ctx, deps));
    const answer: RulingAnswer = {
      case: await caseDetail(params.id, employeeDomainContext(ctx, deps)),
      customer: {
        id: String(customer._id),
        state: matchState(customer),
        ownerId: customer.ownerId ? String(customer.ownerId) : null,
      },
    };
    ctx.body = answer;
  });

  mount(router, deps, conflictOperations.withdraw, async (ctx) => {
    const { params } = inputOf<unknown, unknown, CaseParams>(ctx);
    await withdrawConflictCase({ caseId: params.id }, employeeDomainContext(ctx, deps));
    ctx.body = await caseDetail(params.id, employeeDomainContext(ctx, deps));
  });

  return router;
}
