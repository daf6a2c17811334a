import type { Collection } from 'mongodb';
import { addToConflictIndex } from '../conflicts/keys/conflict-index.js';
import { groupedInsert } from '../shared/grouped-writes.js';
import { CustomerModel, type Customer } from './customer.model.js';
import { newCustomerDocuments } from './new-customer-document.js';

// Writing a new customer as `CustomerModel.create` does — its document as the model builds and checks it
// (new-customer-document.ts), its conflict-index terms added before it exists (conflict/keys/index-hooks.ts) —
// with the inserts of customers created at the same moment (a burst of WeCom leads) shared in one command.

type Stored = Customer & { __v: number };

const insert = groupedInsert(() => CustomerModel.collection as unknown as Collection<Stored>);

/** A failed insert, as the driver reports a unique key taken (isDuplicateKeyError). */
function duplicateKey(): Error {
  return Object.assign(new Error('E11000 duplicate key: a unique key of the new customer is taken'), { code: 11000 });
}

/** Inserts a new customer (with its _id set); throws as `create` would when invalid or a unique key is taken. */
export async function insertNewCustomer(fields: Partial<Customer>, now: Date): Promise<Customer> {
  const { stored, customer } = await newCustomerDocuments(fields, now);
  await addToConflictIndex(customer._id, customer);
  if ((await insert(stored)) === 'duplicate') {
    throw duplicateKey();
  }
  return customer;
}
