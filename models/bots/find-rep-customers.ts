import type { Types } from 'mongoose';
import { normalizeCompanyName } from '../conflicts/keys/customer-keys.js';
import { CustomerModel, type Customer } from '../customers/customer.model.js';

// Resolving "<客户>" in a rep's chat command: a few characters of a company name, among the
// customers the command can act on.

/** own: the rep's private and staked customers (跟进); claimable: public ones and the rep's stakes (认领). */
export type CustomerScope = 'own' | 'claimable';

export type CustomerResolution =
  { kind: 'one'; customer: Customer } | { kind: 'many'; candidates: Customer[] } | { kind: 'none' };

const MAX_CANDIDATES = 5;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function scopeBranches(scope: CustomerScope, repId: Types.ObjectId) {
  return scope === 'own'
    ? [
        { ownerId: repId, poolState: 'private' as const },
        { stakedBy: repId, poolState: 'staked' as const },
      ]
    : [{ poolState: 'public' as const }, { stakedBy: repId, poolState: 'staked' as const }];
}

/**
 * Finds the customer a rep means. An exact (normalised) name wins; otherwise every customer whose
 * name contains the text is a candidate, and more than one means the rep has to choose.
 */
export async function resolveCustomer(
  text: string,
  scope: CustomerScope,
  repId: Types.ObjectId,
): Promise<CustomerResolution> {
  const wanted = normalizeCompanyName(text);
  if (!wanted) {
    return { kind: 'none' };
  }
  const inScope = scopeBranches(scope, repId);
  const exact = await CustomerModel.find({ $or: inScope, 'keys.normalizedName': wanted }).limit(2).lean<Customer[]>();
  if (exact.length === 1) {
    return { kind: 'one', customer: exact[0]! };
  }
  const similar = await CustomerModel.find({ $or: inScope, 'keys.normalizedName': { $regex: escapeRegex(wanted) } })
    .limit(MAX_CANDIDATES * 4)
    .lean<Customer[]>();
  similar.sort((a, b) => a.name.length - b.name.length || a.name.localeCompare(b.name, 'zh'));
  if (similar.length === 1) {
    return { kind: 'one', customer: similar[0]! };
  }
  return similar.length === 0 ? { kind: 'none' } : { kind: 'many', candidates: similar.slice(0, MAX_CANDIDATES) };
}

/**
 * For "跟进<客户><内容>" typed without a separator: the rep's own customer whose name the text starts
 * with (the longest such name), so "跟进字节跳动今天约了王总" still finds 字节跳动.
 */
export async function ownCustomerNamePrefix(
  text: string,
  repId: Types.ObjectId,
): Promise<{ customer: Customer; rest: string } | null> {
  const own = await CustomerModel.find({ $or: scopeBranches('own', repId) }, { name: 1, keys: 1 })
    .limit(1000)
    .lean<Customer[]>();
  let best: { customer: Customer; rest: string } | null = null;
  for (const customer of own) {
    for (const prefix of [customer.name, customer.name.replace(/(股份)?有限(责任)?公司$/, '')]) {
      if (prefix.length >= 2 && text.startsWith(prefix) && (!best || prefix.length > best.customer.name.length)) {
        best = { customer, rest: text.slice(prefix.length) };
      }
    }
  }
  return best;
}

/** The rep's private pool, soonest drop first (customers that never drop last). */
export async function privatePoolOf(repId: Types.ObjectId, limit = 200): Promise<Customer[]> {
  const customers = await CustomerModel.find({ ownerId: repId, poolState: 'private' }).limit(limit).lean<Customer[]>();
  const never = Number.MAX_SAFE_INTEGER;
  return customers.sort((a, b) => (a.protectedUntil?.getTime() ?? never) - (b.protectedUntil?.getTime() ?? never));
}
