import type { Types } from 'mongoose';
import type { Customer } from '../customers/customer.model.js';
import { normalizePersonName } from './keys/chinese-text.js';
import { parseCompanyName, type CompanyName } from './keys/company-name.js';
import { compareNames, type NameComparison, type NameLikeness } from './name-similarity.js';

// Turns the evidence between a query and one candidate customer into a relation and a score. "same"
// means the same entity (a duplicate: creating it again is refused); "related" means a link worth
// showing — the same boss or phone under another name, the same brand elsewhere, a similar name.

export type Relation = 'same' | 'related';

export type MatchKey =
  | 'creditCode'
  | 'externalUserId'
  | 'unionId'
  | 'name'
  | 'coreName'
  | 'brand'
  | 'similarName'
  | 'phone'
  | 'emailDomain'
  | 'boss'
  /** Related through a customer the query matched as the same entity (its boss or phone). */
  | 'bossOfMatch'
  | 'phoneOfMatch';

/** The customer fields a check reads. */
export const candidateProjection = {
  name: 1,
  creditCode: 1,
  phones: 1,
  emailDomains: 1,
  boss: 1,
  legalRepresentative: 1,
  poolState: 1,
  stage: 1,
  ownerId: 1,
  ownerDepartmentId: 1,
  stakedBy: 1,
  claimedAt: 1,
  stakedAt: 1,
  stakeDeadline: 1,
  protectedUntil: 1,
  locked: 1,
  signedAt: 1,
  createdAt: 1,
} as const;

export type CandidateCustomer = Pick<Customer, keyof typeof candidateProjection> & { _id: Types.ObjectId };

export interface PreparedQuery {
  name: CompanyName | null;
  creditCode: string | null;
  /** Whether another customer may hold the credit code (not when the excluded customer holds it: codes are unique). */
  lookUpCode: boolean;
  phones: string[];
  emailDomains: string[];
  people: string[];
  externalUserId: string | null;
  /** The customer of the contact with externalUserId as the caller read it (null: none); undefined: look it up. */
  externalUserCustomer?: string | null;
  unionId: string | null;
  exclude: string | null;
}

/** How sure a "same": an exact key, the trade name with agreeing context, or doubtful. */
export type Certainty = 'exact' | 'confident' | 'doubtful';

export interface RawMatch {
  customer: CandidateCustomer;
  relation: Relation;
  matchedOn: MatchKey[];
  /** 0–100; same-entity matches score 80 or more, related ones below. */
  score: number;
  /** For "same": how sure; for "related": whether it was doubtful (a typo or a tie) rather than a sister. */
  certainty?: Certainty;
  /** The names are alike only through a typo (sound, one character). */
  typo?: boolean;
  /** The names' regions and industries are compatible (equal, a short form, or absent on one side). */
  compatible?: boolean;
  /** "Same" rests on the name alone (no code, WeCom id, phone or domain). */
  byNameOnly?: boolean;
  /** What kind of likeness the names have, when they are alike. */
  likeness?: NameLikeness;
}

interface Evidence {
  key: MatchKey;
  score: number;
  same: boolean;
  certainty?: Certainty;
}

const likenessKey: Record<NameLikeness, MatchKey> = {
  exact: 'name',
  core: 'coreName',
  'core-elsewhere': 'coreName',
  sister: 'coreName',
  'core-near': 'coreName',
  sound: 'similarName',
  brand: 'brand',
  similar: 'similarName',
};

/** Scores one candidate; null when nothing links it to the query. */
export function scoreCandidate(q: PreparedQuery, c: CandidateCustomer, contactKeys: MatchKey[]): RawMatch | null {
  const evidence: Evidence[] = contactKeys.map((key) => ({ key, score: 100, same: true, certainty: 'exact' }));
  if (q.creditCode && c.creditCode === q.creditCode) {
    evidence.push({ key: 'creditCode', score: 100, same: true, certainty: 'exact' });
  }
  let typo = false;
  let compatible = false;
  let likeness: NameLikeness | undefined;
  // Whether the names leave room for a phone or domain to identify the entity: no name was given,
  // or the names are at least alike. A shared phone under an unrelated name is a related entity.
  let namesAgree = true;
  if (q.name?.normalized) {
    const comparison = compareNames(q.name, parseCompanyName(c.name));
    if (comparison) {
      typo = comparison.typo;
      compatible = comparison.compatible;
      likeness = comparison.likeness;
      evidence.push({
        key: likenessKey[comparison.likeness],
        score: nameScore(comparison),
        same: comparison.sameEntity,
        certainty: comparison.likeness === 'exact' ? 'exact' : comparison.confident ? 'confident' : 'doubtful',
      });
      namesAgree = comparison.sameEntity || comparison.similarity >= 0.7;
    } else {
      namesAgree = false;
    }
  }
  if (q.phones.some((p) => c.phones.includes(p))) {
    evidence.push({ key: 'phone', score: namesAgree ? 90 : 65, same: namesAgree });
  }
  if (q.emailDomains.some((d) => c.emailDomains.includes(d))) {
    evidence.push({ key: 'emailDomain', score: namesAgree ? 85 : 60, same: namesAgree });
  }
  const people = [normalizePersonName(c.boss), normalizePersonName(c.legalRepresentative)];
  if (q.people.some((p) => people.includes(p))) {
    evidence.push({ key: 'boss', score: 60, same: false });
  }
  if (evidence.length === 0) {
    return null;
  }
  return { ...combine(c, evidence), typo, compatible, ...(likeness ? { likeness } : {}) };
}

const certaintyRank: Record<Certainty, number> = { exact: 2, confident: 1, doubtful: 0 };

/**
 * Same-entity names score 80–100 by similarity; other likenesses 40–79, where agreeing context
 * (region, industry, legal form) counts for more, since it is what tells a typo of this company from
 * a similar name elsewhere.
 */
function nameScore(c: NameComparison): number {
  if (c.sameEntity) {
    return Math.min(100, Math.max(80, Math.round(c.similarity * 100 + c.context * 4)));
  }
  return Math.min(79, Math.max(40, Math.round(40 + 75 * (c.similarity - 0.6) + 9 * c.context)));
}

function combine(customer: CandidateCustomer, evidence: Evidence[]): RawMatch {
  evidence.sort((a, b) => b.score - a.score);
  const same = evidence.some((e) => e.same);
  // Each further key that agrees adds a little confidence.
  let score = Math.min(100, evidence[0]!.score + 2 * (evidence.length - 1));
  score = same ? Math.max(score, 80) : Math.min(score, 79);
  const sames = evidence.filter((e) => e.same);
  const certainty = sames.map((e) => e.certainty ?? 'doubtful').sort((a, b) => certaintyRank[b] - certaintyRank[a])[0];
  const nameKeys: MatchKey[] = ['name', 'coreName', 'brand', 'similarName'];
  return {
    customer,
    relation: same ? 'same' : 'related',
    matchedOn: [...new Set(evidence.map((e) => e.key))],
    score,
    ...(certainty ? { certainty } : {}),
    byNameOnly: same && sames.every((e) => nameKeys.includes(e.key)),
  };
}

/** A match through a same-entity match's boss or phone (同一老板多个主体). */
export function relatedThrough(customer: CandidateCustomer, key: 'bossOfMatch' | 'phoneOfMatch'): RawMatch {
  return { customer, relation: 'related', matchedOn: [key], score: key === 'phoneOfMatch' ? 55 : 50 };
}

/**
 * A phone or domain alone identifies an entity only when one customer has it; shared by several, it
 * marks them as related to each other (one boss, several companies).
 */
export function demoteSharedKeys(q: PreparedQuery, matches: RawMatch[]): void {
  if (q.name?.normalized || q.creditCode || q.externalUserId || q.unionId) {
    return;
  }
  const holders = (has: (m: RawMatch) => boolean) => matches.filter(has).length;
  const byPhone = holders((m) => m.matchedOn.includes('phone'));
  const byDomain = holders((m) => m.matchedOn.includes('emailDomain'));
  for (const m of matches) {
    const onlyShared =
      (m.matchedOn.includes('phone') ? byPhone > 1 : true) &&
      (m.matchedOn.includes('emailDomain') ? byDomain > 1 : true);
    if (m.relation === 'same' && onlyShared) {
      m.relation = 'related';
      m.score = Math.min(m.score, 79);
    }
  }
}

/** Best first: score, then same before related, then name (so equal scores list stably). */
export function byRank(a: RawMatch, b: RawMatch): number {
  return (
    b.score - a.score ||
    (a.relation === 'same' ? -1 : 0) - (b.relation === 'same' ? -1 : 0) ||
    a.customer.name.localeCompare(b.customer.name)
  );
}
