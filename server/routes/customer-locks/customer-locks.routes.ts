import Router from '@koa/router';
import type { Context } from 'koa';
import type { Customer } from '../../../models/customers/customer.model.js';
import { lockCustomer, lockedInTeam, unlockCustomer } from '../../../models/pool/lock-customer.js';
import { requestLock } from '../../../models/pool/lock-request.js';
import { poolRulesResolver } from '../../../models/pool/pool-rules.js';
import type { AppDeps } from '../../app.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { inputOf } from '../../middleware/validate.js';
import { mount, operation } from '../openapi/operation.js';
import { idParams } from '../schema-parts.js';
import {
  lockBody,
  lockRequestBody,
  lockRequestResult,
  lockResult,
  unlockBody,
  type LockBody,
  type LockRequestBody,
  type UnlockBody,
} from './customer-locks.schema.js';
import { idAndName } from '../../../models/shared/id-and-name.js';

export const customerLockOperations = {
  lock: operation({
    method: 'post',
    path: '/customers/:id/lock',
    tag: '客户',
    auth: true,
    params: idParams,
    body: lockBody,
    response: lockResult,
    summary: "Lock (锁定) a private customer of the manager's team, with a reason: it never drops until unlocked",
    description:
      "The owning team's manager or sales ops; at most maxLockedPerTeam (a department rule) locked customers per " +
      'team (409 LOCK_LIMIT_REACHED). The owner is told; the ledger records who, when and why.',
    errors: ['FORBIDDEN', 'INVALID_STATE', 'LOCK_LIMIT_REACHED', 'CUSTOMER_NOT_FOUND'],
  }),
  unlock: operation({
    method: 'post',
    path: '/customers/:id/unlock',
    tag: '客户',
    auth: true,
    params: idParams,
    body: unlockBody,
    response: lockResult,
    summary: 'Unlock a customer: its drop date is computed again, never before the owner had every warning',
    errors: ['FORBIDDEN', 'INVALID_STATE', 'CUSTOMER_NOT_FOUND'],
  }),
  requestLock: operation({
    method: 'post',
    path: '/customers/:id/lock-request',
    tag: '客户',
    auth: true,
    params: idParams,
    body: lockRequestBody,
    response: lockRequestResult,
    summary: '申请锁定: the owner asks the team’s manager to lock a key customer (the reclaim warning names this)',
    description: 'The managers are told through the outbox, once per customer and day.',
    errors: ['NOT_OWNER', 'INVALID_STATE', 'CUSTOMER_NOT_FOUND'],
  }),
};

const id = (ctx: Context) => inputOf<unknown, unknown, { id: string }>(ctx).params.id;

async function lockAnswer(customer: Customer, deps: AppDeps): Promise<Record<string, unknown>> {
  const team = customer.ownerDepartmentId ?? null;
  const rules = await poolRulesResolver(deps.config)(team);
  return {
    customer: {
      ...idAndName(customer),
      state: customer.poolState,
      locked: customer.locked,
      protectedUntil: customer.protectedUntil?.toISOString() ?? null,
    },
    team: { locked: await lockedInTeam(team), limit: rules.maxLockedPerTeam },
  };
}

/** 锁定 / 解锁 / 申请锁定 of one customer. */
export function customerLockRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  const ops = customerLockOperations;
  mount(router, deps, ops.lock, async (ctx) => {
    const { reason } = inputOf<LockBody>(ctx).body;
    ctx.body = await lockAnswer(
      await lockCustomer({ customerId: id(ctx), reason }, employeeDomainContext(ctx, deps)),
      deps,
    );
  });
  mount(router, deps, ops.unlock, async (ctx) => {
    const { reason } = inputOf<UnlockBody>(ctx).body;
    const customer = await unlockCustomer({ customerId: id(ctx), reason }, employeeDomainContext(ctx, deps));
    ctx.body = await lockAnswer(customer, deps);
  });
  mount(router, deps, ops.requestLock, async (ctx) => {
    const { reason } = inputOf<LockRequestBody>(ctx).body;
    ctx.body = await requestLock({ customerId: id(ctx), reason }, employeeDomainContext(ctx, deps));
  });
  return router;
}
