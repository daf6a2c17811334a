import { CustomerModel } from '../customers/customer.model.js';
import { indexCollection, STOP_GRAM_SIZE, type IndexDocument } from './keys/conflict-index.js';
import { candidateProjection, type CandidateCustomer } from './match-scoring.js';

// Reads of the conflict check, all by _id with $in (index-backed everywhere), in bounded chunks.

const LOOKUP_CHUNK = 1000;

/** Index documents by id; gram entries beyond the stop size are never used, so never transferred. */
export async function readIndex(ids: string[]): Promise<Map<string, IndexDocument>> {
  const docs = new Map<string, IndexDocument>();
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const found = await indexCollection()
      .find(
        { _id: { $in: ids.slice(i, i + LOOKUP_CHUNK) } },
        { projection: { e: { $slice: STOP_GRAM_SIZE + 1 }, stop: 1 } },
      )
      .toArray();
    found.forEach((d) => docs.set(d._id, d));
  }
  return docs;
}

/** The customers a check verifies its candidates against, by id. */
export async function loadCustomers(ids: Iterable<string>): Promise<Map<string, CandidateCustomer>> {
  const list = [...new Set(ids)];
  const customers = new Map<string, CandidateCustomer>();
  for (let i = 0; i < list.length; i += LOOKUP_CHUNK) {
    const found = await CustomerModel.find({ _id: { $in: list.slice(i, i + LOOKUP_CHUNK) } }, candidateProjection).lean<
      CandidateCustomer[]
    >();
    // A merge's tombstone leaves the index as it is written; until then its stale entries match nothing.
    found.filter((c) => c.poolState !== 'merged').forEach((c) => customers.set(String(c._id), c));
  }
  return customers;
}
