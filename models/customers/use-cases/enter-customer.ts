import { actingEmployee } from '../../org/permissions.js';
import { authorize } from '../../org/policy/policy.js';
import type { DomainContext } from '../../shared/domain-context.js';
import type { Customer } from '../customer.model.js';
import { createCustomer, type CustomerInput } from './create-customer.js';

/**
 * A rep enters (录入) a customer they found: the conflict check runs first (the same company already in
 * the CRM is refused with who holds it and whether to claim it or complain), then the customer goes into
 * the rep's private pool, within capacity, or — by choice — is staked (占坑) with a greening deadline.
 * The ledger's first entry says who created it and from which source.
 */
export async function enterCustomer(
  input: { customer: CustomerInput; stake?: boolean },
  ctx: DomainContext,
): Promise<Customer> {
  const employee = await actingEmployee(ctx.actor);
  await authorize(employee, 'createCustomer', null, ctx.now);
  return createCustomer(
    {
      customer: { ...input.customer, source: input.customer.source ?? 'manual' },
      into: input.stake ? 'staked' : 'private',
    },
    ctx,
  );
}
