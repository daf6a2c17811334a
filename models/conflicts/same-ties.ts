import { parseCompanyName } from './keys/company-name.js';
import type { PreparedQuery, RawMatch } from './match-scoring.js';
import { compareNames } from './name-similarity.js';

// "Same" on the name alone must point at one company. A trade-name-only query (字节跳动) is the
// same as the one customer that carries the name; when several do, in different places or lines of
// business, each is only a possible match. A typo never beats the name spelt right, and a typo that
// fits several customers makes none of them "same".

function demote(m: RawMatch): void {
  m.relation = 'related';
  m.score = Math.min(m.score, 79);
  m.certainty = 'doubtful';
}

/** Whether every pair of these customers could be one company (duplicates of each other). */
function oneCompany(matches: RawMatch[]): boolean {
  return matches.every((a, i) =>
    matches.slice(i + 1).every((b) => {
      const comparison = compareNames(parseCompanyName(a.customer.name), parseCompanyName(b.customer.name));
      return comparison?.sameEntity === true && !comparison.typo;
    }),
  );
}

/** Turns name-only "same" matches that tie between different companies into possible matches. */
export function settleTies(q: PreparedQuery, matches: RawMatch[]): void {
  if (!q.name) {
    return;
  }
  const byName = matches.filter((m) => m.relation === 'same' && m.byNameOnly && m.certainty !== 'exact');
  const spelt = byName.filter((m) => !m.typo);
  const typos = byName.filter((m) => m.typo);
  if (spelt.length > 0 || matches.some((m) => m.relation === 'same' && m.certainty === 'exact')) {
    typos.forEach(demote);
  } else if (typos.length > 1) {
    typos.forEach(demote);
  }
  if (matches.some((m) => m.relation === 'same' && m.certainty === 'exact')) {
    // The query is one customer's name exactly: others alike only through what it leaves out are not it.
    spelt.filter((m) => m.certainty === 'doubtful').forEach(demote);
  } else if (spelt.length > 1 && !oneCompany(spelt)) {
    spelt.forEach(demote);
  }
}
