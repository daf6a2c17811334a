import type { Types } from 'mongoose';
import { CustomerModel } from '../customers/customer.model.js';
import { bulkAddToConflictIndex } from './keys/bulk-index.js';
import { indexCollection } from './keys/conflict-index.js';
import type { IdentitySource } from './keys/index-terms.js';

export interface RebuildReport {
  customers: number;
  documents: number;
}

/**
 * Rebuilds the whole index from the customers (after a change of the normalisation rules, or to
 * repair it). Customers are indexed in large batches, since each batch touches most index documents
 * once. Customers created while it runs index themselves; run it when writes are quiet.
 */
export async function rebuildConflictIndex(
  onProgress: (done: number) => void = () => {},
  batchSize = 50_000,
): Promise<RebuildReport> {
  await indexCollection().deleteMany({});
  let customers = 0;
  let batch: (IdentitySource & { _id: Types.ObjectId })[] = [];
  const flush = async () => {
    await bulkAddToConflictIndex(batch);
    customers += batch.length;
    batch = [];
    onProgress(customers);
  };
  const cursor = CustomerModel.find(
    {},
    { name: 1, phones: 1, emailDomains: 1, boss: 1, legalRepresentative: 1, poolState: 1 },
  )
    .lean<(IdentitySource & { _id: Types.ObjectId; poolState: string })[]>()
    .batchSize(batchSize)
    .cursor();
  for await (const { poolState, ...customer } of cursor) {
    // A merge's tombstone is found by nothing.
    if (poolState === 'merged') continue;
    batch.push(customer);
    if (batch.length >= batchSize) {
      await flush();
    }
  }
  if (batch.length > 0) {
    await flush();
  }
  return { customers, documents: await indexCollection().countDocuments() };
}
