import { findSameEntity, type EntityQuery } from '../conflicts/find-same-entity.js';
import { normalizeCompanyName, normalizePhone } from '../conflicts/customer-keys.js';
import { CustomerModel, type Customer, type PoolState } from '../customer.model.js';
import { EmployeeModel } from '../employee.model.js';

// The conflict check (查重/撞单) as the bot uses it: for a new conversation lead, the one existing
// customer that is the same entity; for a rep's 查重, a short ranked list with owners.
//
// SEAM: the full conflict engine (ranked matches by every key, related entities, owners) is being
// built in models/conflicts/. Until it lands, exact keys come from findSameEntity() and similar
// names from a bounded substring scan. Swap the two function bodies below for the engine's check;
// their callers only rely on these signatures.

export interface ConflictMatch {
  customerId: string;
  name: string;
  state: PoolState;
  /** Owner (private) or staker (staked); empty for the public pool. */
  ownerId: string | null;
  ownerName: string;
  /** Why it matched, for the rep: 同一主体 / 名称相近 / 电话相同. */
  reason: string;
}

const MAX_MATCHES = 5;

/** The existing customer a new conversation contact belongs to, if any (exact keys). */
export function sameEntityForLead(query: EntityQuery): Promise<Customer | null> {
  return findSameEntity(query);
}

/** Whether the text is a phone number rather than a company name. */
export function looksLikePhone(text: string): boolean {
  const compact = text.normalize('NFKC').replace(/[\s()+-]/g, '');
  return /^\d{7,15}$/.test(compact);
}

/** The rep's 查重: customers matching a company name or a phone number, best first. */
export async function conflictCheck(text: string): Promise<ConflictMatch[]> {
  const query = text.trim();
  if (looksLikePhone(query)) {
    const byPhone = await CustomerModel.find({ phones: normalizePhone(query) }).limit(MAX_MATCHES).lean<Customer[]>();
    return describe(byPhone.map((c) => ({ customer: c, reason: '电话相同' })));
  }
  const found: { customer: Customer; reason: string }[] = [];
  const same = await findSameEntity({ name: query });
  if (same) {
    found.push({ customer: same, reason: '同一主体' });
  }
  const core = normalizeCompanyName(query);
  if (core.length >= 2) {
    const similar = await CustomerModel.find({
      'keys.normalizedName': { $regex: escapeRegex(core) },
      ...(same ? { _id: { $ne: same._id } } : {}),
    }).sort({ 'keys.normalizedName': 1 }).limit(MAX_MATCHES * 4).lean<Customer[]>();
    similar.sort((a, b) => a.name.length - b.name.length);
    found.push(...similar.slice(0, MAX_MATCHES - found.length).map((c) => ({ customer: c, reason: '名称相近' })));
  }
  return describe(found);
}

async function describe(found: { customer: Customer; reason: string }[]): Promise<ConflictMatch[]> {
  const holderIds = found.map(({ customer }) => customer.ownerId ?? customer.stakedBy).filter((id) => id != null);
  const holders = await EmployeeModel.find({ _id: { $in: holderIds } }, { name: 1 }).lean();
  const names = new Map(holders.map((e) => [String(e._id), e.name]));
  return found.map(({ customer, reason }) => {
    const holder = customer.ownerId ?? customer.stakedBy ?? null;
    return {
      customerId: String(customer._id),
      name: customer.name,
      state: customer.poolState,
      ownerId: holder ? String(holder) : null,
      ownerName: holder ? names.get(String(holder)) ?? '' : '',
      reason,
    };
  });
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
