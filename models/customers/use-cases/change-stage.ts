import type { Types } from 'mongoose';
import type { Employee } from '../../org/employee.model.js';
import { actingEmployee } from '../../org/permissions.js';
import { authorize } from '../../org/policy/policy.js';
import { AppError } from '../../shared/app-error.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { loadCustomer } from '../customer-change.js';
import type { Customer, Stage } from '../customer.model.js';
import { signingEvidence, type ContractInput } from './contract.js';
import { moveCustomer, type Move } from './move-customer.js';

export interface StageInput {
  customerId: Types.ObjectId | string;
  stage: Stage;
  reason?: string;
  /** Signing without a won opportunity: the contract's amount and date. */
  contract?: ContractInput | null;
}

const yuan = (n: number) => `${n.toLocaleString('en-US')} 元`;

/**
 * Who may make this move, and what else it changes. Signing (成交) is the policy's markSigned and needs a
 * won opportunity or the contract's details; leaving 成交 is revertSigned (managers and ops) and needs a
 * reason, which the ledger keeps; every other move is changeStage.
 */
async function stageMove(
  employee: Employee,
  current: Customer,
  input: StageInput,
  ctx: DomainContext,
): Promise<Move | null> {
  if (input.stage === 'signed') {
    // Signing a signed customer again is refused (409): its contract stands until a manager undoes it.
    await authorize(employee, 'markSigned', current, ctx.now);
    const contract = await signingEvidence(current, input.contract, ctx);
    const why = input.reason?.trim() || `成交：合同金额 ${yuan(contract.amount)}`;
    return { set: { signedAt: contract.signedAt, contract }, reason: why };
  }
  if (current.stage === input.stage) {
    await authorize(employee, 'changeStage', current, ctx.now);
    return null;
  }
  if (current.stage === 'signed') {
    await authorize(employee, 'revertSigned', current, ctx.now);
    const reason = input.reason?.trim() ?? '';
    if (reason.length < 2) {
      throw new AppError('VALIDATION_FAILED', '撤销成交请写明原因（会记入归属记录）', { details: { field: 'reason' } });
    }
    return { set: { signedAt: null, contract: null }, reason: `撤销成交：${reason}` };
  }
  await authorize(employee, 'changeStage', current, ctx.now);
  return { set: {}, reason: input.reason ?? '' };
}

/**
 * Moves a customer along the pipeline (线索 → 客户 → 商机 → 合同 → 成交). Signed customers never drop;
 * the drop date follows every move.
 */
export function changeStage(input: StageInput, ctx: DomainContext): Promise<Customer> {
  return moveCustomer(
    input.customerId,
    'stage',
    input.stage,
    (employee, current) => stageMove(employee, current, input, ctx),
    ctx,
  );
}

/** Undoes a signing (撤销成交): managers and ops, with a reason the ledger keeps; refused unless signed. */
export async function revertSigning(
  input: { customerId: Types.ObjectId | string; to: Exclude<Stage, 'signed'>; reason: string },
  ctx: DomainContext,
): Promise<Customer> {
  const employee = await actingEmployee(ctx.actor);
  await authorize(employee, 'revertSigned', await loadCustomer(input.customerId), ctx.now);
  return changeStage({ customerId: input.customerId, stage: input.to, reason: input.reason }, ctx);
}
