import type { Types } from 'mongoose';
import { actingEmployee } from '../../org/permissions.js';
import { authorize } from '../../org/policy/policy.js';
import { AppError } from '../../shared/app-error.js';
import type { DomainContext } from '../../shared/domain-context.js';
import type { OpportunityView } from '../opportunity-view.js';
import { changeStage } from './change-stage.js';
import { contractOf, type ContractInput } from './contract.js';
import {
  actorId,
  assertOpen,
  changeDeal,
  dealCustomer,
  loadOpportunity,
  openDealToChange,
  viewOf,
} from './opportunities.js';

// Closing a deal. Won needs the contract's amount and signing date and makes the customer signed (成交,
// the policy's markSigned); lost needs a reason. A win whose signing step was interrupted is completed
// by winning it again.

const yuan = (n: number) => `${n.toLocaleString('en-US')} 元`;

/** Wins the deal and signs its customer with the contract. */
export async function winOpportunity(
  input: { opportunityId: Types.ObjectId | string; contract: ContractInput },
  ctx: DomainContext,
): Promise<OpportunityView> {
  let current = await loadOpportunity(input.opportunityId);
  if (current.stage === 'lost') {
    assertOpen(current);
  }
  const customer = await dealCustomer(current.customerId, ctx);
  if (customer.stage !== 'signed') {
    // Refused before anything is written: the deal is not won unless the customer can be signed.
    await authorize(await actingEmployee(ctx.actor), 'markSigned', customer, ctx.now);
  }
  const contract = contractOf({ ...input.contract, opportunityId: current._id }, ctx);
  if (current.stage !== 'won') {
    current = await changeDeal(current, {
      $set: {
        stage: 'won',
        closedAt: ctx.now,
        contractAmount: contract.amount,
        contractSignedAt: contract.signedAt,
        updatedAt: ctx.now,
      },
      $push: { stageHistory: { from: current.stage, to: 'won', at: ctx.now, by: contract.recordedBy } },
    });
  }
  if (customer.stage !== 'signed') {
    await changeStage(
      {
        customerId: customer._id,
        stage: 'signed',
        contract: { ...input.contract, opportunityId: current._id },
        reason: `商机赢单：${current.name}，合同金额 ${yuan(contract.amount)}`,
      },
      ctx,
    );
  }
  return viewOf(current, ctx);
}

/** Loses the deal, with the reason (输单原因) kept on it. */
export async function loseOpportunity(
  input: { opportunityId: Types.ObjectId | string; reason: string },
  ctx: DomainContext,
): Promise<OpportunityView> {
  const current = await openDealToChange(input.opportunityId, ctx);
  const reason = input.reason.trim();
  if (reason.length < 2) {
    throw new AppError('VALIDATION_FAILED', '请写明输单原因', { details: { field: 'reason' } });
  }
  const lost = await changeDeal(current, {
    $set: { stage: 'lost', closedAt: ctx.now, lostReason: reason, updatedAt: ctx.now },
    $push: { stageHistory: { from: current.stage, to: 'lost', at: ctx.now, by: actorId(ctx) } },
  });
  return viewOf(lost, ctx);
}
