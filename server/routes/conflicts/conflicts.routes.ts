import Router from '@koa/router';
import { checkConflicts } from '../../../models/conflicts/check-conflicts.js';
import { fileConflictCase, withdrawConflictCase } from '../../../models/conflicts/cases/file-case.js';
import { conflictCaseDetail, listConflictCases } from '../../../models/conflicts/cases/list-cases.js';
import { ruleConflictCase } from '../../../models/conflicts/cases/rule-case.js';
import { matchState } from '../../../models/conflicts/describe-matches.js';
import type { AppDeps } from '../../app.js';
import { authenticate, employeeDomainContext } from '../../middleware/authenticate.js';
import { jsonBody } from '../../middleware/json-body.js';
import { inputOf, validate } from '../../middleware/validate.js';
import {
  caseParams, checkBody, fileCaseBody, listCasesQuery, ruleCaseBody,
  type CaseParams, type CheckBody, type FileCaseBody, type ListCasesQuery, type RuleCaseBody,
} from './conflicts.schema.js';

/** Conflict checks (撞单查重) and conflict complaints (撞单申诉) for the mini-app. */
export function conflictsRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/conflicts' });
  router.use(authenticate(deps), jsonBody());

  router.post('/check', validate({ body: checkBody }), async (ctx) => {
    const { body } = inputOf<CheckBody>(ctx);
    ctx.body = await checkConflicts(body, employeeDomainContext(ctx, deps));
  });

  router.post('/cases', validate({ body: fileCaseBody }), async (ctx) => {
    const { body } = inputOf<FileCaseBody>(ctx);
    const created = await fileConflictCase(body, employeeDomainContext(ctx, deps));
    ctx.status = 201;
    ctx.body = await conflictCaseDetail({ caseId: created._id }, employeeDomainContext(ctx, deps));
  });

  router.get('/cases', validate({ query: listCasesQuery }), async (ctx) => {
    const { query } = inputOf<unknown, ListCasesQuery>(ctx);
    ctx.body = { cases: await listConflictCases(query, employeeDomainContext(ctx, deps)) };
  });

  router.get('/cases/:id', validate({ params: caseParams }), async (ctx) => {
    const { params } = inputOf<unknown, unknown, CaseParams>(ctx);
    ctx.body = await conflictCaseDetail({ caseId: params.id }, employeeDomainContext(ctx, deps));
  });

  router.post('/cases/:id/ruling', validate({ params: caseParams, body: ruleCaseBody }), async (ctx) => {
    const { params, body } = inputOf<RuleCaseBody, unknown, CaseParams>(ctx);
    const { customer } = await ruleConflictCase({ caseId: params.id, ...body }, employeeDomainContext(ctx, deps));
    ctx.body = {
      case: await conflictCaseDetail({ caseId: params.id }, employeeDomainContext(ctx, deps)),
      customer: { id: String(customer._id), state: matchState(customer), ownerId: customer.ownerId ? String(customer.ownerId) : null },
    };
  });

  router.post('/cases/:id/withdraw', validate({ params: caseParams }), async (ctx) => {
    const { params } = inputOf<unknown, unknown, CaseParams>(ctx);
    await withdrawConflictCase({ caseId: params.id }, employeeDomainContext(ctx, deps));
    ctx.body = await conflictCaseDetail({ caseId: params.id }, employeeDomainContext(ctx, deps));
  });

  return router;
}
