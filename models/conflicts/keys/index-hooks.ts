import { Types, type Schema } from 'mongoose';
import { bulkAddToConflictIndex } from './bulk-index.js';
import { addToConflictIndex } from './conflict-index.js';
import type { IdentitySource } from './index-terms.js';

// Every customer is findable by the conflict check from the moment it exists, whichever code path
// creates it (createCustomer, a WeCom lead, a migration script, a test factory): new customers are
// indexed in the schema's pre-hooks, before they are written. Identity changes go through
// updateCustomerProfile, which moves the entries; bulk imports index in one pass of their own.

type NewCustomer = IdentitySource & { _id?: Types.ObjectId };

export function indexNewCustomers(schema: Schema): void {
  schema.pre('save', async function indexBeforeInsert() {
    if (this.isNew) {
      await addToConflictIndex(this._id as Types.ObjectId, this.toObject<NewCustomer>());
    }
  });
  schema.pre('insertMany', async function indexBeforeInsertMany(docs: NewCustomer | NewCustomer[]) {
    const list = Array.isArray(docs) ? docs : [docs];
    // An id now, so the entries point at the document about to be written.
    list.forEach((doc) => {
      doc._id ??= new Types.ObjectId();
    });
    await bulkAddToConflictIndex(list as (NewCustomer & { _id: Types.ObjectId })[]);
  });
}
