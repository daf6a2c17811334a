import type { Types } from 'mongoose';
import type { Customer } from '../customer.model.js';
import { changeCustomer } from './customer-change.js';
import { customerFields, type CustomerInput } from './create-customer.js';
import type { DomainContext } from './domain-context.js';
import { actingEmployee } from './permissions.js';
import { greenCompleteness } from './profile-completeness.js';
import { assertOwnerOrManager } from './transitions.js';

/**
 * Edits a customer's identity and profile fields. Completeness is scored again and a staked customer
 * that reaches the green threshold is marked greened. Editing never resets the drop clock: only a
 * valid follow-up does.
 */
export async function updateCustomerProfile(
  input: { customerId: Types.ObjectId | string; changes: Partial<CustomerInput> },
  ctx: DomainContext,
): Promise<Customer> {
  const employee = await actingEmployee(ctx.actor);
  const threshold = await greenCompleteness();
  const result = await changeCustomer(input.customerId, ctx, async (current) => {
    await assertOwnerOrManager(current, employee);
    const profile = (current.profile instanceof Map
      ? Object.fromEntries(current.profile as Map<string, unknown>)
      : (current.profile ?? {})) as Record<string, string | number | boolean>;
    const merged: CustomerInput = {
      name: current.name,
      creditCode: current.creditCode ?? null,
      phones: current.phones,
      emails: current.emailDomains.map((d) => `@${d}`),
      boss: current.boss,
      legalRepresentative: current.legalRepresentative,
      source: current.source,
      sourceDetail: current.sourceDetail,
      industry: current.industry,
      region: current.region,
      address: current.address,
      website: current.website,
      ...input.changes,
      profile: { ...profile, ...input.changes.profile },
    };
    const set = await customerFields(merged, current._id);
    if (current.poolState === 'staked' && !current.greenedAt && (set.completeness ?? 0) >= threshold) {
      set.greenedAt = ctx.now;
    }
    return { set };
  });
  return result!.after;
}
