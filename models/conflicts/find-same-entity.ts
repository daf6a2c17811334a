import { CustomerModel, type Customer } from '../customers/customer.model.js';
import { findMatches } from './find-matches.js';

export interface EntityQuery {
  name?: string | null;
  creditCode?: string | null;
  phones?: readonly string[];
  emails?: readonly string[];
  boss?: string | null;
  externalUserId?: string | null;
  /** The customer of the contact with externalUserId as the caller has just read it (find-matches.ts). */
  externalUserCustomerId?: Customer['_id'] | null;
  unionId?: string | null;
}

/**
 * The existing customer that is the same entity as the query, if any: a WeCom contact already linked
 * to a customer, the credit code, the name (normalised, its core name, or a near-certain variant), or
 * a phone or mail domain under a name that agrees. Used wherever a new lead must attach to an existing
 * customer instead of duplicating it. Related entities (same boss under another name) are not the same.
 */
export async function findSameEntity(query: EntityQuery): Promise<Customer | null> {
  const [matches] = await findMatches([query], { limit: 3, expandRelated: false });
  const best = matches?.find((m) => m.relation === 'same');
  return best ? CustomerModel.findById(best.customer._id).lean<Customer>() : null;
}
