import type { Types } from 'mongoose';
import type { Grade } from '../../../config/pool-rules.js';
import type { Customer } from '../customer.model.js';
import { loadCustomer, changeCustomer } from '../customer-change.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { actingEmployee } from '../../org/permissions.js';
import { poolRulesResolver } from '../../pool/pool-rules.js';
import { computeProtection } from '../../pool/protection.js';
import { authorize } from '../../org/policy/policy.js';

// The customer keeps its latest moves for the detail page and digests; the ledger keeps all of them,
// so repeated changes cannot grow the customer document without bound.
const HISTORY_KEPT = 100;

/** What a move of the grade or the stage is authorised as and recorded in. */
const moves = {
  grade: { action: 'changeGrade', history: 'gradeHistory' },
  stage: { action: 'changeStage', history: 'stageHistory' },
} as const;

/** A move of the grade or the stage: authorised, kept in its history and the ledger, the drop date following. */
async function moveCustomer<F extends keyof typeof moves>(
  input: { customerId: Types.ObjectId | string; reason?: string },
  field: F,
  to: Customer[F],
  set: (current: Customer) => Partial<Customer>,
  ctx: DomainContext,
): Promise<Customer> {
  const employee = await actingEmployee(ctx.actor);
  const rules = poolRulesResolver(ctx.config);
  const result = await changeCustomer(input.customerId, ctx, async (current) => {
    await authorize(employee, moves[field].action, current, ctx.now);
    if (current[field] === to) {
      return null;
    }
    const changes = set(current);
    Object.assign(
      changes,
      computeProtection(
        { ...current, ...changes },
        await rules(current.ownerDepartmentId ?? null),
        ctx.config.timezone,
      ),
    );
    const entry = { from: current[field], to, at: ctx.now, by: employee._id, reason: input.reason ?? '' };
    return {
      set: changes,
      push: { [moves[field].history]: { $each: [entry], $slice: -HISTORY_KEPT } },
      ledger: { action: field, reason: input.reason ?? '' },
    };
  });
  return result?.after ?? loadCustomer(input.customerId);
}

/**
 * Changes a customer's intent grade (A: signs within a week, B: two weeks, C: a month, D: no
 * near-term intent). Every upgrade and downgrade is kept in the grade history and the ledger, and the
 * drop date follows the new grade's idle days.
 */
export function changeGrade(
  input: { customerId: Types.ObjectId | string; grade: Grade | null; reason?: string },
  ctx: DomainContext,
): Promise<Customer> {
  return moveCustomer(input, 'grade', input.grade, () => ({ grade: input.grade }), ctx);
}

export { changeStage } from './change-stage.js';
