import type { Types } from 'mongoose';
import { AppError } from '../../shared/app-error.js';
import { businessDate, startOfBusinessDate } from '../../shared/business-day.js';
import type { DomainContext } from '../../shared/domain-context.js';
import type { Customer } from '../customer.model.js';
import { OpportunityModel } from '../opportunity.model.js';

// A customer becomes signed (成交) only on evidence: a won opportunity, or the contract's amount and
// signing date. This is that evidence as the customer keeps it.

/** A contract as reps enter it: amount in yuan and the signing date (YYYY-MM-DD, business time zone). */
export interface ContractInput {
  amount: number;
  signedOn: string;
  /** The won opportunity the contract closed, if any. */
  opportunityId?: Types.ObjectId | null;
}

export type CustomerContract = NonNullable<Customer['contract']>;

/** The stored contract of entered details; a date after today or an amount that is no amount is refused. */
export function contractOf(input: ContractInput, ctx: DomainContext): CustomerContract {
  if (!(input.amount > 0)) {
    throw new AppError('VALIDATION_FAILED', '合同金额必须大于 0', { details: { field: 'contract.amount' } });
  }
  if (input.signedOn > businessDate(ctx.now, ctx.config.timezone)) {
    throw new AppError('VALIDATION_FAILED', '签约日期不能晚于今天', { details: { field: 'contract.signedOn' } });
  }
  return {
    amount: input.amount,
    signedAt: startOfBusinessDate(input.signedOn, ctx.config.timezone),
    opportunityId: input.opportunityId ?? null,
    recordedBy: ctx.actor.kind === 'employee' ? ctx.actor.employeeId : null,
  };
}

/** What signing the customer rests on: the details given, else its latest won opportunity; refused without either. */
export async function signingEvidence(
  customer: Pick<Customer, '_id'>,
  given: ContractInput | null | undefined,
  ctx: DomainContext,
): Promise<CustomerContract> {
  if (given) {
    return contractOf(given, ctx);
  }
  const won = await OpportunityModel.findOne(
    { customerId: customer._id, stage: 'won' },
    { contractAmount: 1, contractSignedAt: 1, amount: 1, closedAt: 1 },
  )
    .sort({ closedAt: -1 })
    .lean();
  if (!won) {
    throw new AppError('CONTRACT_REQUIRED', '标记成交需要一个赢单的商机，或填写合同金额和签约日期', {
      details: { field: 'contract' },
    });
  }
  return {
    amount: won.contractAmount ?? won.amount,
    signedAt: won.contractSignedAt ?? won.closedAt ?? ctx.now,
    opportunityId: won._id,
    recordedBy: ctx.actor.kind === 'employee' ? ctx.actor.employeeId : null,
  };
}
