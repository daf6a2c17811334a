import type { Types } from 'mongoose';
import { addToConflictIndex, reindexCustomer } from '../../conflicts/keys/conflict-index.js';
import { assertNoDuplicate } from '../../conflicts/duplicate-guard.js';
import type { Customer } from '../customer.model.js';
import { changeCustomer } from '../customer-change.js';
import { customerFields, type CustomerInput } from './create-customer.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { actingEmployee } from '../../org/permissions.js';
import { greenCompleteness } from '../profile-completeness.js';
import { authorize } from '../../org/policy/policy.js';

/**
 * Edits a customer's identity and profile fields. Completeness is scored again and a staked customer
 * that reaches the green threshold is marked greened. Editing never resets the drop clock: only a
 * valid follow-up does. Renaming it into (or giving it the credit code of) another existing customer
 * is refused as a duplicate; its conflict-index entries follow every identity change.
 */
export async function updateCustomerProfile(
  input: { customerId: Types.ObjectId | string; changes: Partial<CustomerInput> },
  ctx: DomainContext,
): Promise<Customer> {
  const employee = await actingEmployee(ctx.actor);
  const threshold = await greenCompleteness();
  let identityChanged = false;
  const result = await changeCustomer(input.customerId, ctx, async (current) => {
    await authorize(employee, 'updateProfile', current, ctx.now);
    const profile = (
      current.profile instanceof Map
        ? Object.fromEntries(current.profile as Map<string, unknown>)
        : (current.profile ?? {})
    ) as Record<string, string | number | boolean>;
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
    if (set.name !== current.name || set.creditCode !== (current.creditCode ?? undefined)) {
      await assertNoDuplicate({ ...merged, excludeCustomerId: current._id }, ctx);
    }
    identityChanged = ['name', 'phones', 'emailDomains', 'boss', 'legalRepresentative'].some(
      (field) => JSON.stringify(set[field as keyof Customer]) !== JSON.stringify(current[field as keyof Customer]),
    );
    if (identityChanged) {
      // Findable under the new identity before it is written (see conflict-index.ts).
      await addToConflictIndex(current._id, { ...current, ...set });
    }
    if (current.poolState === 'staked' && !current.greenedAt && (set.completeness ?? 0) >= threshold) {
      set.greenedAt = ctx.now;
    }
    return { set };
  });
  const { before, after } = result!;
  if (identityChanged) {
    await reindexCustomer(after._id, before, after);
  }
  return after;
}
