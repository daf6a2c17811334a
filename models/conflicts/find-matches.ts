import type { Types } from 'mongoose';
import { ContactModel } from '../customers/contact.model.js';
import { CustomerModel } from '../customers/customer.model.js';
import { normalizePersonName } from './keys/chinese-text.js';
import { parseCompanyName } from './keys/company-name.js';
import { checkCreditCode } from './keys/credit-code.js';
import { markStopGrams } from './keys/bulk-index.js';
import { entryId, entryValue, STOP_GRAM_SIZE, type IndexDocument } from './keys/conflict-index.js';
import { companyEmailDomain } from './keys/email-domain.js';
import { bucketOf, exactSoundTerms, indexTerms, nameTerms } from './keys/index-terms.js';
import { loadCustomers, readIndex } from './index-reads.js';
import { gramCandidates } from './gram-candidates.js';
import { normalizePhone } from './keys/phone.js';
import {
  byRank,
  demoteSharedKeys,
  scoreCandidate,
  type MatchKey,
  type PreparedQuery,
  type RawMatch,
} from './match-scoring.js';
import type { IdentityKeys } from './check-input.js';
import { expandRelated } from './related-entities.js';
import { settleTies } from './same-ties.js';

// The conflict check: candidates come only from _id lookups in the conflict index (and the indexes
// of credit codes and WeCom contact ids), are ranked on the core names stored in the index, and only
// the best few are read and verified against the customers themselves, so stale index entries and
// hash-bucket neighbours never reach a result. Queries are answered in batches for bulk checks.

export interface ConflictQuery extends IdentityKeys {
  /** Leaves this customer out (checking an existing customer against the others). */
  excludeCustomerId?: Types.ObjectId | string | null;
  /**
   * The credit code is the excluded customer's own: credit codes are unique among customers, so no other one can
   * hold it and it is not looked up (it still counts as evidence on the candidates found otherwise).
   */
  creditCodeOfExcluded?: boolean;
  /**
   * The customer of the contact with `externalUserId`, as the caller has just read that contact (null: none yet).
   * The WeCom id is unique among contacts, so it is not looked up again.
   */
  externalUserCustomerId?: Types.ObjectId | string | null;
}

/** Customers read per exact key: a boss name or core shared by more is not an identity. */
const EXACT_PER_KEY = 50;

export function prepareQuery(query: ConflictQuery): PreparedQuery {
  const name = query.name?.trim() ? parseCompanyName(query.name) : null;
  const code = query.creditCode?.trim() ? checkCreditCode(query.creditCode) : null;
  return {
    name: name?.normalized ? name : null,
    creditCode: code?.ok ? code.code : null,
    lookUpCode: !(query.creditCodeOfExcluded && query.excludeCustomerId),
    phones: [...new Set((query.phones ?? []).map(normalizePhone).filter(Boolean))],
    emailDomains: [...new Set((query.emails ?? []).map(companyEmailDomain).filter(Boolean))],
    people: [...new Set([normalizePersonName(query.boss ?? '')].filter((p) => p.length >= 2))],
    externalUserId: query.externalUserId?.trim() || null,
    externalUserCustomer:
      query.externalUserCustomerId === undefined
        ? undefined
        : query.externalUserCustomerId && String(query.externalUserCustomerId),
    unionId: query.unionId?.trim() || null,
    exclude: query.excludeCustomerId ? String(query.excludeCustomerId) : null,
  };
}

function queryTerms(q: PreparedQuery): { grams: string[]; exact: string[] } {
  const exact = indexTerms({ phones: q.phones, emailDomains: q.emailDomains, boss: q.people[0] ?? '' }).exact;
  if (!q.name) {
    return { grams: [], exact };
  }
  const { grams, cores, sounds } = nameTerms(q.name, 'all');
  const older = exactSoundTerms(q.name).filter((t) => !sounds.includes(t));
  return { grams, exact: [...cores.map((c) => `k:${c}`), ...sounds, ...older, ...exact] };
}

/** Customer ids per query from the exact keys (index buckets, credit codes, WeCom contacts). */
async function exactCandidates(
  queries: PreparedQuery[],
  terms: { exact: string[] }[],
  index: Map<string, IndexDocument>,
): Promise<Map<string, MatchKey[]>[]> {
  const codes = [...new Set(queries.flatMap((q) => (q.lookUpCode && q.creditCode !== null ? [q.creditCode] : [])))];
  const externalIds = [
    ...new Set(
      queries.flatMap((q) =>
        q.externalUserId !== null && q.externalUserCustomer === undefined ? [q.externalUserId] : [],
      ),
    ),
  ];
  const unionIds = [...new Set(queries.map((q) => q.unionId).filter((c): c is string => c !== null))];
  const [byCode, byExternal, byUnion] = await Promise.all([
    codes.length ? CustomerModel.find({ creditCode: { $in: codes } }, { creditCode: 1 }).lean() : [],
    // By the WeCom id alone, so the unique index serves it; contacts without a customer drop out below.
    externalIds.length
      ? ContactModel.find({ externalUserId: { $in: externalIds } }, { externalUserId: 1, customerId: 1 }).lean()
      : [],
    unionIds.length ? ContactModel.find({ unionId: { $in: unionIds } }, { unionId: 1, customerId: 1 }).lean() : [],
  ]);
  return queries.map((q, n) => {
    const found = new Map<string, MatchKey[]>();
    const note = (id: Types.ObjectId | string | null | undefined, key?: MatchKey) => {
      if (id && String(id) !== q.exclude) {
        const keys = found.get(String(id)) ?? [];
        found.set(String(id), key ? [...keys, key] : keys);
      }
    };
    byCode.filter((c) => c.creditCode === q.creditCode).forEach((c) => note(c._id));
    if (q.externalUserId !== null && q.externalUserCustomer !== undefined) {
      note(q.externalUserCustomer, 'externalUserId');
    }
    byExternal
      .filter((c) => c.externalUserId === q.externalUserId && q.externalUserCustomer === undefined)
      .forEach((c) => note(c.customerId, 'externalUserId'));
    byUnion.filter((c) => c.unionId === q.unionId).forEach((c) => note(c.customerId, 'unionId'));
    for (const key of terms[n]!.exact) {
      index
        .get(bucketOf(key))
        ?.e.filter((e) => entryValue(e) === key)
        .slice(0, EXACT_PER_KEY)
        .forEach((e) => note(entryId(e)));
    }
    return found;
  });
}

export interface FindOptions {
  /** Most matches per query. */
  limit?: number;
  /** Also report the other entities of a same-entity match's boss or phone. */
  expandRelated?: boolean;
}

/** Checks many queries at once; answers one ranked list of matches per query, best first. */
export async function findMatches(queries: ConflictQuery[], options: FindOptions = {}): Promise<RawMatch[][]> {
  const limit = options.limit ?? 10;
  const prepared = queries.map(prepareQuery);
  const terms = prepared.map(queryTerms);
  const index = await readIndex([...new Set(terms.flatMap((t) => [...t.grams, ...t.exact.map(bucketOf)]))]);
  const overgrown = [...index.values()].filter(
    (d) => !d._id.startsWith('h:') && !d.stop && d.e.length > STOP_GRAM_SIZE,
  );
  if (overgrown.length > 0) {
    await markStopGrams(overgrown.map((d) => d._id));
  }
  const exact = await exactCandidates(prepared, terms, index);
  const candidates = prepared.map((q, n) => {
    const ids = new Map(exact[n]);
    gramCandidates(q, terms[n]!.grams, index).forEach((id) => ids.set(id, ids.get(id) ?? []));
    return ids;
  });
  const customers = await loadCustomers(candidates.flatMap((c) => [...c.keys()]));
  const results = prepared.map((q, n) => {
    const matches: RawMatch[] = [];
    for (const [id, contactKeys] of candidates[n]!) {
      const customer = customers.get(id);
      const match = customer && scoreCandidate(q, customer, contactKeys);
      if (match) {
        matches.push(match);
      }
    }
    demoteSharedKeys(q, matches);
    settleTies(q, matches);
    return matches;
  });
  if (options.expandRelated !== false) {
    await expandRelated(prepared, results);
  }
  return results.map((matches) => matches.sort(byRank).slice(0, limit));
}
