import { Types } from 'mongoose';
import { prepareQuery, type ConflictQuery } from '../../conflicts/find-matches.js';
import { scoreCandidate, type CandidateCustomer, type RawMatch } from '../../conflicts/match-scoring.js';
import { fuzzySoundOf } from '../../conflicts/keys/pronunciation.js';
import { parseCompanyName } from '../../conflicts/keys/company-name.js';
import type { ImportRow } from './import-customers.js';

// What an import does with one row, given its matches: a row is skipped only on an exact key or a
// confident "same"; a doubtful one (a typo, a name that agrees only by leaving things out, a tie)
// is imported and flagged 疑似重复 with its candidate. A wrongly skipped row would be a lost company.

export type RowDecision =
  { kind: 'skip'; match: RawMatch } | { kind: 'flag'; match: RawMatch; reason: string } | { kind: 'import' };

export const queryOf = (row: ImportRow): ConflictQuery => ({
  name: row.name,
  creditCode: row.creditCode,
  phones: row.phones,
  emails: row.emails,
  boss: row.boss ?? row.legalRepresentative,
});

/**
 * The same trade name with both regions named and different (another province or city), or in the same
 * place with both industries named and different (a sister company), is another company by the naming
 * rules: related, never a doubt for ops — unless one of them is a branch (…上海分公司), named after its parent.
 */
function clearlyAnother(m: RawMatch, rowIsBranch: boolean): boolean {
  return (
    (m.likeness === 'sister' || m.likeness === 'core-elsewhere') &&
    !rowIsBranch &&
    !parseCompanyName(m.customer.name).branch
  );
}

/** Decides on the best matches of a row (existing customers or earlier rows). */
export function decide(matches: RawMatch[], rowIsBranch = false): RowDecision {
  const sure = matches.find((m) => m.relation === 'same' && m.certainty !== 'doubtful');
  if (sure) {
    return { kind: 'skip', match: sure };
  }
  // A typo of a name in another place or line of business is another company's name: not a doubt.
  const doubtful =
    matches.find((m) => m.relation === 'same') ??
    matches.find(
      (m) =>
        (m.typo && m.compatible) ||
        m.certainty === 'doubtful' ||
        (m.matchedOn.includes('coreName') && !clearlyAnother(m, rowIsBranch)),
    );
  if (doubtful) {
    const reason = doubtful.typo
      ? '名称疑似错别字'
      : doubtful.relation === 'same' || doubtful.certainty === 'doubtful'
        ? '字号相同，地区或行业不全'
        : '字号相同，行业或地区不同';
    return { kind: 'flag', match: doubtful, reason };
  }
  return { kind: 'import' };
}

/** A row already accepted from this file, shaped as a candidate so the same scoring applies. */
export function asCandidate(row: ImportRow): CandidateCustomer {
  const prepared = prepareQuery(queryOf(row));
  return {
    _id: new Types.ObjectId(),
    name: row.name,
    creditCode: prepared.creditCode ?? undefined,
    phones: prepared.phones,
    emailDomains: prepared.emailDomains,
    boss: row.boss ?? '',
    legalRepresentative: row.legalRepresentative ?? '',
  } as CandidateCustomer;
}

/** Keys shared by a trade name and its typos: its (fuzzy) sound, its characters in any order, one masked. */
function nearKeys(core: string, body: string): string[] {
  const chars = [...core];
  const masked = chars.length >= 3 ? chars.map((_, i) => `m:${chars.map((c, j) => (i === j ? '*' : c)).join('')}`) : [];
  return [`y:${fuzzySoundOf(core)}`, `y:${fuzzySoundOf(body)}`, `s:${[...chars].sort().join('')}`, ...masked];
}

/** Earlier rows of the file, by trade name, sound, credit code and phone: only these are compared. */
export class EarlierRows {
  private readonly rows: { row: ImportRow; candidate: CandidateCustomer }[] = [];
  private readonly byKey = new Map<string, number[]>();

  private keysOf(row: ImportRow): string[] {
    const query = prepareQuery(queryOf(row));
    return [
      ...(query.name?.readings.map((r) => `k:${r.core}`) ?? []),
      ...(query.name ? nearKeys(query.name.core, query.name.body) : []),
      ...(query.creditCode ? [`c:${query.creditCode}`] : []),
      ...query.phones.map((p) => `p:${p}`),
    ];
  }

  /** The earlier rows this row is alike, as matches, best first. */
  matches(row: ImportRow): { match: RawMatch; row: ImportRow }[] {
    const query = prepareQuery(queryOf(row));
    const found = [...new Set(this.keysOf(row).flatMap((k) => this.byKey.get(k) ?? []))].map((i) => this.rows[i]!);
    return found
      .map((a) => ({ match: scoreCandidate(query, a.candidate, []), row: a.row }))
      .filter((m): m is { match: RawMatch; row: ImportRow } => m.match !== null)
      .sort((a, b) => b.match.score - a.match.score);
  }

  add(row: ImportRow): CandidateCustomer {
    const candidate = asCandidate(row);
    const index = this.rows.push({ row, candidate }) - 1;
    this.keysOf(row).forEach((k) => this.byKey.set(k, [...(this.byKey.get(k) ?? []), index]));
    return candidate;
  }
}
