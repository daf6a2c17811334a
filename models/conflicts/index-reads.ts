import { CustomerModel } from '../customers/customer.model.js';
import type { IndexDocument } from './keys/conflict-index.js';
import { readIndexDocuments } from './keys/index-tails.js';
import { candidateProjection, type CandidateCustomer } from './match-scoring.js';
import { groupedByIds } from '../shared/group-commit.js';

// Reads of the conflict check, all by _id with $in (index-backed everywhere), in bounded chunks.

const LOOKUP_CHUNK = 1000;

// Concurrent checks (a claim storm, a burst of WeCom leads) share their reads: one $in for all of them
// (models/shared/group-commit.ts). Index documents are only read by a check, never changed or handed out, so the
// callers of one read share its decoded documents instead of each getting a copy. So do candidate customers:
// the checks of a burst of similar names verify mostly the same ones, and a match only carries its customer to
// be read (scored, described, its id or state looked at) — no caller of findMatches changes one.
const GROUPED_CHECKS = 50;
const indexTogether = groupedByIds((ids) => readIndexDocuments(ids as string[]), GROUPED_CHECKS, { shared: true });
const candidatesById = groupedByIds(
  (ids) => CustomerModel.find({ _id: { $in: ids } }, candidateProjection).lean<CandidateCustomer[]>(),
  GROUPED_CHECKS,
  { shared: true },
);

/** Index documents by id (shared, read-only); gram entries beyond the stop size are never used, so never transferred. */
export async function readIndex(ids: string[]): Promise<Map<string, IndexDocument>> {
  if (ids.length <= LOOKUP_CHUNK / GROUPED_CHECKS) {
    return new Map((await indexTogether(ids)).map((d) => [d._id, d]));
  }
  const docs = new Map<string, IndexDocument>();
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const found = await readIndexDocuments(ids.slice(i, i + LOOKUP_CHUNK));
    found.forEach((d) => docs.set(d._id, d));
  }
  return docs;
}

/** The customers a check verifies its candidates against, by id. */
export async function loadCustomers(ids: Iterable<string>): Promise<Map<string, CandidateCustomer>> {
  const list = [...new Set(ids)];
  const customers = new Map<string, CandidateCustomer>();
  if (list.length === 0) {
    return customers; // no candidate (most new leads): no read
  }
  if (list.length <= LOOKUP_CHUNK / GROUPED_CHECKS) {
    (await candidatesById(list))
      .filter((c) => c.poolState !== 'merged')
      .forEach((c) => customers.set(String(c._id), c));
    return customers;
  }
  for (let i = 0; i < list.length; i += LOOKUP_CHUNK) {
    const found = await CustomerModel.find({ _id: { $in: list.slice(i, i + LOOKUP_CHUNK) } }, candidateProjection).lean<
      CandidateCustomer[]
    >();
    // A merge's tombstone leaves the index as it is written; until then its stale entries match nothing.
    found.filter((c) => c.poolState !== 'merged').forEach((c) => customers.set(String(c._id), c));
  }
  return customers;
}
