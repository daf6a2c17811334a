import type { Types, UpdateQuery } from 'mongoose';
import { actingEmployee } from '../../org/permissions.js';
import { authorize } from '../../org/policy/policy.js';
import type { OpenStage } from '../../org/review-settings.js';
import { AppError } from '../../shared/app-error.js';
import { startOfBusinessDate } from '../../shared/business-day.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { loadCustomer } from '../customer-change.js';
import { stages, type Customer } from '../customer.model.js';
import { opportunityView, stageRates, MAX_OPPORTUNITIES, type OpportunityView } from '../opportunity-view.js';
import { OpportunityModel, type Opportunity } from '../opportunity.model.js';
import { changeStage } from './change-stage.js';

// Deals (商机): amount, expected close date, stage (each with the company's win rate), products and the
// next step. The customer's owner, their manager and ops work them (policy action manageOpportunities);
// the deal belongs to the customer's owner, whose forecast it feeds. Closing is close-opportunity.ts.

export interface OpportunityInput {
  name?: string;
  amount?: number;
  /** YYYY-MM-DD in the business time zone; null clears it. */
  expectedCloseOn?: string | null;
  stage?: OpenStage;
  products?: string[];
  nextStep?: string;
}

type Held = Opportunity & { _id: Types.ObjectId };

export async function loadOpportunity(opportunityId: Types.ObjectId | string): Promise<Held> {
  const found = await OpportunityModel.findById(opportunityId).lean<Held>();
  if (!found) {
    throw new AppError('OPPORTUNITY_NOT_FOUND', '找不到该商机', { details: { opportunityId: String(opportunityId) } });
  }
  return found;
}

/** The opportunity's customer, once the acting employee may work its deals (refused through the policy). */
export async function dealCustomer(customerId: Types.ObjectId | string, ctx: DomainContext): Promise<Customer> {
  const employee = await actingEmployee(ctx.actor);
  const customer = await loadCustomer(customerId);
  await authorize(employee, 'manageOpportunities', customer, ctx.now);
  return customer;
}

/** An open deal, once the acting employee may work it. */
export async function openDealToChange(opportunityId: Types.ObjectId | string, ctx: DomainContext): Promise<Held> {
  const current = await loadOpportunity(opportunityId);
  assertOpen(current);
  await dealCustomer(current.customerId, ctx);
  return current;
}

/** Writes the change unless someone moved the deal's stage since it was read (then 409 CONFLICT). */
export async function changeDeal(
  current: Held,
  update: UpdateQuery<Opportunity>,
  options: { runValidators?: boolean } = {},
): Promise<Held> {
  const updated = await OpportunityModel.findOneAndUpdate({ _id: current._id, stage: current.stage }, update, {
    returnDocument: 'after',
    ...options,
    timestamps: false,
  }).lean<Held>();
  if (!updated) {
    throw new AppError('CONFLICT', '商机刚被修改，请刷新后重试');
  }
  return updated;
}

export function assertOpen(o: Held): void {
  if (o.stage === 'won' || o.stage === 'lost') {
    throw new AppError('INVALID_STATE', `该商机已${o.stage === 'won' ? '赢单' : '输单'}，不能再修改`, {
      details: { stage: o.stage },
    });
  }
}

function fieldsOf(input: OpportunityInput, ctx: DomainContext): Partial<Opportunity> {
  const { expectedCloseOn, ...rest } = input;
  const fields: Partial<Opportunity> = { ...rest };
  if (input.products) fields.products = [...new Set(input.products)];
  if (expectedCloseOn !== undefined) {
    fields.expectedCloseAt = expectedCloseOn ? startOfBusinessDate(expectedCloseOn, ctx.config.timezone) : null;
  }
  return fields;
}

/** Who moves a deal's stage, for its history. */
export const actorId = (ctx: DomainContext) => (ctx.actor.kind === 'employee' ? ctx.actor.employeeId : null);

export async function viewOf(o: Opportunity, ctx: DomainContext): Promise<OpportunityView> {
  return opportunityView(o, await stageRates(), ctx.config.timezone);
}

/** Opens a deal on a customer in a private pool; a customer not yet at 商机 moves there. */
export async function openOpportunity(
  input: { customerId: Types.ObjectId | string; opportunity: OpportunityInput & { name: string; amount: number } },
  ctx: DomainContext,
): Promise<OpportunityView> {
  const customer = await dealCustomer(input.customerId, ctx);
  if ((await OpportunityModel.countDocuments({ customerId: customer._id })) >= MAX_OPPORTUNITIES) {
    throw new AppError('VALIDATION_FAILED', `每个客户最多登记 ${MAX_OPPORTUNITIES} 个商机`, {
      details: { field: 'name' },
    });
  }
  const stage = input.opportunity.stage ?? 'qualify';
  const created = await OpportunityModel.create({
    ...fieldsOf(input.opportunity, ctx),
    stage,
    customerId: customer._id,
    ownerId: customer.ownerId!,
    stageHistory: [{ from: null, to: stage, at: ctx.now, by: actorId(ctx) }],
    createdBy: actorId(ctx),
    createdAt: ctx.now,
  });
  if (stages.indexOf(customer.stage) < stages.indexOf('opportunity')) {
    await changeStage(
      { customerId: customer._id, stage: 'opportunity', reason: `新建商机：${input.opportunity.name}` },
      ctx,
    );
  }
  return viewOf(created.toObject(), ctx);
}

/** Changes the fields given of an open deal; a stage move is kept in its history (and feeds learned win rates). */
export async function updateOpportunity(
  input: { opportunityId: Types.ObjectId | string; changes: OpportunityInput },
  ctx: DomainContext,
): Promise<OpportunityView> {
  const current = await openDealToChange(input.opportunityId, ctx);
  const moved = input.changes.stage !== undefined && input.changes.stage !== current.stage;
  const updated = await changeDeal(
    current,
    {
      $set: { ...fieldsOf(input.changes, ctx), updatedAt: ctx.now },
      ...(moved
        ? { $push: { stageHistory: { from: current.stage, to: input.changes.stage, at: ctx.now, by: actorId(ctx) } } }
        : {}),
    },
    { runValidators: true },
  );
  return viewOf(updated, ctx);
}
