import type { Types } from 'mongoose';
import type { Grade } from '../../../config/pool-rules.js';
import type { Customer, Stage } from '../customer.model.js';
import { loadCustomer, changeCustomer } from '../customer-change.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { actingEmployee } from '../../org/permissions.js';
import { poolRulesResolver } from '../../pool/pool-rules.js';
import { computeProtection } from '../../pool/protection.js';
import { authorize } from '../../org/policy/policy.js';

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
          from: current.grade,
          to: input.grade,
          at: ctx.now,
          by: employee._id,
          reason: input.reason ?? '',
        },
      },
      ledger: { action: 'grade', reason: input.reason ?? '' },
    };
  });
  return result?.after ?? loadCustomer(input.customerId);
}

/** Moves a customer along the pipeline (线索 → 客户 → 商机 → 合同 → 成交). Signed customers never drop. */
export async function changeStage(
  input: { customerId: Types.ObjectId | string; stage: Stage; reason?: string },
  ctx: DomainContext,
): Promise<Customer> {
  const employee = await actingEmployee(ctx.actor);
  const rules = poolRulesResolver(ctx.config);
  const result = await changeCustomer(input.customerId, ctx, async (current) => {
    await authorize(employee, 'changeStage', current, ctx.now);
    if (current.stage === input.stage) {
      return null;
    }
    const set: Partial<Customer> = {
      stage: input.stage,
      signedAt: input.stage === 'signed' ? ctx.now : current.signedAt,
    };
    Object.assign(
      set,
      computeProtection({ ...current, ...set }, await rules(current.ownerDepartmentId ?? null), ctx.config.timezone),
    );
    return {
      set,
      push: {
        stageHistory: {
          from: current.stage,
          to: input.stage,
          at: ctx.now,
          by: employee._id,
          reason: input.reason ?? '',
        },
      },
      ledger: { action: 'stage', reason: input.reason ?? '' },
    };
  });
  return result?.after ?? loadCustomer(input.customerId);
}
