import Router from '@koa/router';
import { checkFollowUp } from '../../../models/follow-ups/check-follow-up.js';
import type { AppDeps } from '../../app.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { inputOf } from '../../middleware/validate.js';
import { mount, operation } from '../openapi/operation.js';
import {
  followUpCheckBody,
  followUpCheckResult,
  type FollowUpCheckAnswer,
  type FollowUpCheckBody,
} from './follow-ups.schema.js';

export const followUpOperations = {
  check: operation({
    method: 'post',
    path: '/follow-ups/check',
    tag: '跟进',
    auth: true,
    body: followUpCheckBody,
    response: followUpCheckResult,
    summary: 'Check a follow-up draft as it is typed (changes nothing)',
    description:
      "The verdict saving would give, with the customer's context (its contacts, the author's previous note), " +
      'and whether saving would reset the drop clock. The form calls it debounced while the rep types.',
    errors: ['NOT_OWNER', 'CUSTOMER_NOT_FOUND'],
  }),
};

/** POST /api/follow-ups/check: the live quality check of the follow-up form. */
export function followUpRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  mount(router, deps, followUpOperations.check, async (ctx) => {
    const body = inputOf<FollowUpCheckBody>(ctx).body;
    const answer: FollowUpCheckAnswer = await checkFollowUp(
      {
        ...body,
        nextFollowUpAt: body.nextFollowUpAt ? new Date(body.nextFollowUpAt) : null,
      },
      employeeDomainContext(ctx, deps),
    );
    ctx.body = answer;
  });
  return router;
}
