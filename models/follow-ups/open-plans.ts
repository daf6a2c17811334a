import { CustomerModel } from '../customers/customer.model.js';
import { businessDate } from '../shared/business-day.js';
import { FollowUpModel } from './follow-up.model.js';

/** A planned follow-up (下次跟进) not yet done, on a customer its author still owns. */
export interface OpenPlan {
  authorId: string;
  customerId: string;
  customerName: string;
  /** The planned business date. */
  planned: string;
  nextStep: string;
}

/**
 * The open plans due before `before`, in the order stored. A plan matters only while its author still owns
 * the customer: plans on customers since dropped, released or handed over are left out.
 */
export async function openPlansBefore(before: Date, tz: string): Promise<OpenPlan[]> {
  const plans = await FollowUpModel.find(
    { nextFollowUpDoneAt: null, nextFollowUpAt: { $ne: null, $lt: before } },
    { customerId: 1, authorId: 1, nextFollowUpAt: 1, nextStep: 1 },
  ).lean();
  const customers = await CustomerModel.find(
    { _id: { $in: [...new Set(plans.map((p) => String(p.customerId)))] } },
    { name: 1, poolState: 1, ownerId: 1 },
  ).lean();
  const byId = new Map(customers.map((c) => [String(c._id), c]));
  const open: OpenPlan[] = [];
  for (const plan of plans) {
    const customer = byId.get(String(plan.customerId));
    if (!customer || customer.poolState !== 'private' || String(customer.ownerId) !== String(plan.authorId)) {
      continue;
    }
    open.push({
      authorId: String(plan.authorId),
      customerId: String(customer._id),
      customerName: customer.name,
      planned: businessDate(plan.nextFollowUpAt!, tz),
      nextStep: plan.nextStep,
    });
  }
  return open;
}
