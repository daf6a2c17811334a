import { ContactModel } from '../contact.model.js';
import { CustomerModel, type Customer } from '../customer.model.js';
import { customerKeys } from './customer-keys.js';

export interface EntityQuery {
  name?: string | null;
  creditCode?: string | null;
  phones?: readonly string[];
  externalUserId?: string | null;
  unionId?: string | null;
}

/**
 * The existing customer that is the same entity as the query, if any, by exact keys: a WeCom contact
 * already linked to a customer, the credit code, the normalised name, then a phone. Used wherever a
 * new lead must attach to an existing customer instead of duplicating it.
 */
export async function findSameEntity(query: EntityQuery): Promise<Customer | null> {
  const contactKeys = [
    ...(query.externalUserId ? [{ externalUserId: query.externalUserId }] : []),
    ...(query.unionId ? [{ unionId: query.unionId }] : []),
  ];
  for (const key of contactKeys) {
    const contact = await ContactModel.findOne({ ...key, customerId: { $ne: null } }, { customerId: 1 }).lean();
    if (contact?.customerId) {
      const customer = await CustomerModel.findById(contact.customerId).lean<Customer>();
      if (customer) {
        return customer;
      }
    }
  }
  const keys = customerKeys({ name: query.name ?? '', creditCode: query.creditCode, phones: query.phones });
  if (keys.creditCode) {
    const byCode = await CustomerModel.findOne({ creditCode: keys.creditCode }).lean<Customer>();
    if (byCode) {
      return byCode;
    }
  }
  if (keys.keys.normalizedName) {
    const byName = await CustomerModel.findOne({ 'keys.normalizedName': keys.keys.normalizedName }).lean<Customer>();
    if (byName) {
      return byName;
    }
  }
  if (keys.phones.length > 0) {
    return CustomerModel.findOne({ phones: { $in: keys.phones } }).lean<Customer>();
  }
  return null;
}
