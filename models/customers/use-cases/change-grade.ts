import type { Types } from 'mongoose';
import type { Grade } from '../../../config/pool-rules.js';
import type { Customer } from '../customer.model.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { authorize } from '../../org/policy/policy.js';
import { moveCustomer } from './move-customer.js';

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
    input.customerId,
    'grade',
    input.grade,
    async (employee, current) => {
      await authorize(employee, 'changeGrade', current, ctx.now);
      return current.grade === input.grade ? null : { set: {}, reason: input.reason ?? '' };
    },
    ctx,
  );
}

export { changeStage } from './change-stage.js';
