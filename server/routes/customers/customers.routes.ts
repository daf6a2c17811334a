import Router from '@koa/router';
import type { Context } from 'koa';
import type { Customer } from '../../../models/customers/customer.model.js';
import { changeGrade, changeStage } from '../../../models/customers/use-cases/change-grade.js';
import { claimCustomerWithUsage } from '../../../models/pool/claim-customer.js';
import { recordFollowUp, type RecordedFollowUp } from '../../../models/follow-ups/record-follow-up.js';
import { releaseCustomer } from '../../../models/pool/release-customer.js';
import { stakeCustomer, unstakeCustomer } from '../../../models/pool/stake-customer.js';
import { updateCustomerProfile } from '../../../models/customers/use-cases/update-profile.js';
import { viewCustomer } from '../../../models/customers/use-cases/customer-detail.js';
import { revealCustomerContacts } from '../../../models/customers/use-cases/reveal-contacts.js';
import { poolUsage } from '../../../models/pool/my-customers.js';
import type { AppDeps } from '../../app.js';
import { currentEmployee, employeeDomainContext } from '../../middleware/authenticate.js';
import { rateLimit } from '../../middleware/rate-limit.js';
import { inputOf } from '../../middleware/validate.js';
import { mount } from '../openapi/operation.js';
import { customerOperations as ops } from './customers.operations.js';
import type { ActionAnswer, FollowUpAnswer, ProfileAnswer } from './customer-answers.schema.js';
import { presentCustomerDetail } from './customer-detail.presenter.js';
import type { FollowUpBody, GradeBody, ProfileBody, ReasonBody, RevealBody, StageBody } from './customers.schema.js';
import { enterCustomer } from '../../../models/customers/use-cases/enter-customer.js';
import type { CreateCustomerBody } from './customers.schema.js';
import { idAndName } from '../../../models/shared/id-and-name.js';

type Params = { id: string };

/** The answer of every action: the customer's new state and the actor's pool usage (for the capacity bar). */
async function actionAnswer(ctx: Context, deps: AppDeps, customer: Customer): Promise<ActionAnswer> {
  const pool = await poolUsage(currentEmployee(ctx)._id, employeeDomainContext(ctx, deps));
  return { customer: customerSummary(customer), pool };
}

function customerSummary(customer: Customer): ActionAnswer['customer'] {
  return {
    ...idAndName(customer),
    state: customer.poolState,
    grade: customer.grade ?? null,
    stage: customer.stage,
    protectedUntil: customer.protectedUntil?.toISOString() ?? null,
    stakeDeadline: customer.stakeDeadline?.toISOString() ?? null,
  };
}

const id = (ctx: Context) => inputOf<unknown, unknown, Params>(ctx).params.id;

/** The answer of a saved follow-up: its verdict, whether it reset the drop clock, the new drop date. */
function followUpAnswer(recorded: RecordedFollowUp): FollowUpAnswer {
  return {
    followUp: {
      id: String(recorded.followUp._id),
      valid: recorded.verdict.valid,
      score: recorded.verdict.score,
      reasons: recorded.verdict.reasons,
      revised: recorded.revised,
    },
    counted: recorded.counted,
    customer: {
      id: String(recorded.customer._id),
      protectedUntil: recorded.customer.protectedUntil?.toISOString() ?? null,
    },
  };
}

/** Moves between the pools: claim, stake, unstake, release. */
function mountPoolMoves(router: Router, deps: AppDeps): void {
  const claimLimit = rateLimit(deps, 'claim', (c) => c.rateLimits.claim);
  mount(router, deps, ops.claim, claimLimit, async (ctx) => {
    const claimed = await claimCustomerWithUsage({ customerId: id(ctx) }, employeeDomainContext(ctx, deps));
    ctx.body = { customer: customerSummary(claimed.customer), pool: claimed.pool } satisfies ActionAnswer;
  });
  mount(router, deps, ops.stake, claimLimit, async (ctx) => {
    const customer = await stakeCustomer({ customerId: id(ctx) }, employeeDomainContext(ctx, deps));
    ctx.body = await actionAnswer(ctx, deps, customer);
  });
  mount(router, deps, ops.unstake, async (ctx) => {
    const { reason } = inputOf<ReasonBody>(ctx).body;
    const customer = await unstakeCustomer({ customerId: id(ctx), reason }, employeeDomainContext(ctx, deps));
    ctx.body = await actionAnswer(ctx, deps, customer);
  });
  mount(router, deps, ops.release, async (ctx) => {
    const { reason } = inputOf<ReasonBody>(ctx).body;
    const customer = await releaseCustomer({ customerId: id(ctx), reason }, employeeDomainContext(ctx, deps));
    ctx.body = await actionAnswer(ctx, deps, customer);
  });
}

/** Work on a held customer: grade, stage, profile, follow-ups. */
function mountWork(router: Router, deps: AppDeps): void {
  mount(router, deps, ops.grade, async (ctx) => {
    const { grade, reason } = inputOf<GradeBody>(ctx).body;
    const customer = await changeGrade({ customerId: id(ctx), grade, reason }, employeeDomainContext(ctx, deps));
    ctx.body = await actionAnswer(ctx, deps, customer);
  });
  mount(router, deps, ops.stage, async (ctx) => {
    const { stage, reason, contract } = inputOf<StageBody>(ctx).body;
    const customer = await changeStage(
      { customerId: id(ctx), stage, reason, contract },
      employeeDomainContext(ctx, deps),
    );
    ctx.body = await actionAnswer(ctx, deps, customer);
  });
  mount(router, deps, ops.profile, async (ctx) => {
    const changes = inputOf<ProfileBody>(ctx).body;
    const customer = await updateCustomerProfile({ customerId: id(ctx), changes }, employeeDomainContext(ctx, deps));
    const answer: ProfileAnswer = { ...(await actionAnswer(ctx, deps, customer)), completeness: customer.completeness };
    ctx.body = answer;
  });
  mount(router, deps, ops.followUp, async (ctx) => {
    const body = inputOf<FollowUpBody>(ctx).body;
    const recorded = await recordFollowUp(
      {
        customerId: id(ctx),
        content: body.content,
        channel: body.channel,
        contactId: body.contactId,
        contactName: body.contactName,
        nextStep: body.nextStep,
        nextFollowUpAt: body.nextFollowUpAt ? new Date(body.nextFollowUpAt) : null,
        nextFollowUpDate: body.nextFollowUpDate ?? null,
      },
      employeeDomainContext(ctx, deps),
    );
    ctx.status = 201;
    ctx.body = followUpAnswer(recorded);
  });
}

/** Keys the creation's conflict check looks up, each counted like a conflict check. */
function checkedKeys(body: CreateCustomerBody): number {
  return 1 + (body.creditCode ? 1 : 0) + (body.phones?.length ?? 0) + (body.emails?.length ?? 0) + (body.boss ? 1 : 0);
}

/** 录入: a new customer into the rep's private pool, or staked. */
function mountCreate(router: Router, deps: AppDeps): void {
  const checkLimit = rateLimit(deps, 'conflict-check', (c) => c.rateLimits.conflictCheck, {
    units: (ctx) => checkedKeys(inputOf<CreateCustomerBody>(ctx).body),
  });
  mount(router, deps, ops.create, checkLimit, async (ctx) => {
    const { stake, ...customer } = inputOf<CreateCustomerBody>(ctx).body;
    const created = await enterCustomer({ customer, stake }, employeeDomainContext(ctx, deps));
    ctx.status = 201;
    ctx.body = await actionAnswer(ctx, deps, created);
  });
}

/** A customer: the detail page and every action on it. */
export function customerRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  mountCreate(router, deps);
  // Every attempt counts, refused and unknown ids included: walking ids exhausts the budget.
  const readLimit = rateLimit(deps, 'customer-read', (c) => c.rateLimits.customerRead);
  mount(router, deps, ops.revealContacts, readLimit, async (ctx) => {
    const { reason } = inputOf<RevealBody>(ctx).body;
    ctx.body = await revealCustomerContacts({ customerId: id(ctx), reason }, employeeDomainContext(ctx, deps));
  });
  mount(router, deps, ops.detail, readLimit, async (ctx) => {
    const view = await viewCustomer({ customerId: id(ctx) }, employeeDomainContext(ctx, deps));
    ctx.body = presentCustomerDetail(view);
  });
  mountPoolMoves(router, deps);
  mountWork(router, deps);
  return router;
}
