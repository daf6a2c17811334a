import type { Types } from 'mongoose';
import type { Grade } from '../../../config/pool-rules.js';
import type { Customer, Stage } from '../customer.model.js';
import { loadCustomer, changeCustomer } from '../customer-change.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { actingEmployee } from '../../org/permissions.js';
import { poolRulesResolver } from '../../pool/pool-rules.js';
import { computeProtection } from '../../pool/protection.js';
import { authorize } from '../../org/policy/policy.js';

// The customer keeps its latest moves for the detail page and digests; the ledger keeps all of them,
// so repeated changes cannot grow the customer document without bound.
const HISTORY_KEPT = 100;

/** A move of the grade or the stage: authorised, kept in its history and the ledger, the drop date following. */
interface Move {
  action: 'changeGrade' | 'changeStage';
  history: 'gradeHistory' | 'stageHistory';
  ledger: 'grade' | 'stage';
  from: (current: Customer) => string | null | undefined;
  to: string | null;
  set: (current: Customer) => Partial<Customer>;
}

async function moveCustomer(
  input: { customerId: Types.ObjectId | string; reason?: string },
  move: Move,
  ctx: DomainContext,
): Promise<Customer> {
  const employee = await actingEmployee(ctx.actor);
  const rules = poolRulesResolver(ctx.config);
  const result = await changeCustomer(input.customerId, ctx, async (current) => {
    await authorize(employee, move.action, current, ctx.now);
    if (move.from(current) === move.to) {
      return null;
    }
    const set = move.set(current);
    Object.assign(
      set,
      computeProtection({ ...current, ...set }, await rules(current.ownerDepartmentId ?? null), ctx.config.timezone),
    );
    const entry = { from: move.from(current), to: move.to, at: ctx.now, by: employee._id, reason: input.reason ?? '' };
    return {
      set,
      push: { [move.history]: { $each: [entry], $slice: -HISTORY_KEPT } },
      ledger: { action: move.ledger, reason: input.reason ?? '' },
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
  return moveCustomer(
    input,
    {
      action: 'changeGrade',
      history: 'gradeHistory',
      ledger: 'grade',
      from: (current) => current.grade,
      to: input.grade,
      set: () => ({ grade: input.grade }),
    },
    ctx,
  );
}

/** Moves a customer along the pipeline (线索 → 客户 → 商机 → 合同 → 成交). Signed customers never drop. */
export function changeStage(
  input: { customerId: Types.ObjectId | string; stage: Stage; reason?: string },
  ctx: DomainContext,
): Promise<Customer> {
  return moveCustomer(
    input,
    {
      action: 'changeStage',
      history: 'stageHistory',
      ledger: 'stage',
      from: (current) => current.stage,
      to: input.stage,
      set: (current) => ({ stage: input.stage, signedAt: input.stage === 'signed' ? ctx.now : current.signedAt }),
    },
    ctx,
  );
}
