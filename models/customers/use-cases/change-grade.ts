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

/**
 * Changes a customer's intent grade (A: signs within a week, B: two weeks, C: a month, D: no
 * near-term intent). Every upgrade and downgrade is kept in the grade history and the ledger, and the
 * drop date follows the new grade's idle days.
 */
export async function changeGrade(
  input: { customerId: Types.ObjectId | string; grade: Grade | null; reason?: string },
  ctx: DomainContext,
): Promise<Customer> {
  const employee = await actingEmployee(ctx.actor);
  const rules = poolRulesResolver(ctx.config);
  const result = await changeCustomer(input.customerId, ctx, async (current) => {
    await authorize(employee, 'changeGrade', current, ctx.now);
    if (current.grade === input.grade) {
      return null;
    }
    const set: Partial<Customer> = { grade: input.grade };
    Object.assign(
      set,
      computeProtection({ ...current, ...set }, await rules(current.ownerDepartmentId ?? null), ctx.config.timezone),
    );
    return {
      set,
      push: {
        gradeHistory: {
          $each: [
            {
              from: current.grade,
              to: input.grade,
              at: ctx.now,
              by: employee._id,
              reason: input.reason ?? '',
            },
          ],
          $slice: -HISTORY_KEPT,
        },
      },
      ledger: { action: 'grade', reason: input.reason ?? '' },
    };
  });
  return result?.after ?? loadCustomer(input.customerId);
}

export { changeStage } from './change-stage.js';
