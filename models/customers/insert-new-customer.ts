import type { Collection } from 'mongodb';
import { addToConflictIndex } from '../conflicts/keys/conflict-index.js';
import { groupedInsert } from '../shared/grouped-writes.js';
import { CustomerModel, type Customer } from './customer.model.js';

// Writing a new customer as `CustomerModel.create` does — cast and validated by the model, its conflict-index
// terms added before it exists (conflict/keys/index-hooks.ts), the fields its save adds — with the inserts of
// customers created at the same moment (a burst of WeCom leads) shared in one command.

type Stored = Customer & { __v: number };

const insert = groupedInsert(() => CustomerModel.collection as unknown as Collection<Stored>);

/** A failed insert, as the driver reports a unique key taken (isDuplicateKeyError). */
function duplicateKey(): Error {
  return Object.assign(new Error('E11000 duplicate key: a unique key of the new customer is taken'), { code: 11000 });
}

/** Inserts a new customer (with its _id set); throws as `create` would when invalid or a unique key is taken. */
export async function insertNewCustomer(fields: Partial<Customer>, now: Date): Promise<Customer> {
  const doc = new CustomerModel({ ...fields, createdAt: now, updatedAt: now });
  await doc.validate();
  const customer = { ...doc.toObject<Customer>(), __v: 0 };
  await addToConflictIndex(customer._id, customer);
  // Maps (the profile) as plain objects, as a save stores them.
  if ((await insert({ ...doc.toObject<Stored>({ flattenMaps: true }), __v: 0 })) === 'duplicate') {
    throw duplicateKey();
  }
  return customer;
}
