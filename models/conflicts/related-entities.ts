import { entryId, entryValue } from './keys/conflict-index.js';
import { loadCustomers, readIndex } from './index-reads.js';
import { bucketOf, indexTerms } from './keys/index-terms.js';
import { byRank, relatedThrough, type PreparedQuery, type RawMatch } from './match-scoring.js';

// Related entities (同一老板多个主体): the other companies of the boss or phone of a query's best
// same-entity matches, reported as related even when nothing in the query names them.

/** Adds, as related, the other customers of the boss or phone of each query's best same-entity matches. */
export async function expandRelated(queries: PreparedQuery[], results: RawMatch[][]): Promise<void> {
  const wanted = results.map((matches) =>
    matches
      .filter((m) => m.relation === 'same')
      .sort(byRank)
      .slice(0, 3)
      .flatMap(
        (m) =>
          indexTerms({
            phones: m.customer.phones,
            boss: m.customer.boss,
            legalRepresentative: m.customer.legalRepresentative,
          }).exact,
      ),
  );
  const keys = [...new Set(wanted.flat())];
  if (keys.length === 0) {
    return;
  }
  const index = await readIndex([...new Set(keys.map(bucketOf))]);
  const related = wanted.map((list, n) => {
    const known = new Set(results[n]!.map((m) => String(m.customer._id)));
    const found = new Map<string, 'bossOfMatch' | 'phoneOfMatch'>();
    for (const key of list) {
      for (const e of index.get(bucketOf(key))?.e.filter((x) => entryValue(x) === key) ?? []) {
        const id = entryId(e);
        if (!known.has(id) && id !== queries[n]!.exclude && !found.has(id)) {
          found.set(id, key.startsWith('p:') ? 'phoneOfMatch' : 'bossOfMatch');
        }
      }
    }
    return found;
  });
  const customers = await loadCustomers(related.flatMap((r) => [...r.keys()]));
  related.forEach((found, n) => {
    for (const [id, key] of found) {
      const customer = customers.get(id);
      // Verify against the customer: the index may still hold a key it no longer has.
      const still =
        customer &&
        (key === 'phoneOfMatch'
          ? customer.phones.some((p) => wanted[n]!.includes(`p:${p}`))
          : indexTerms({ boss: customer.boss, legalRepresentative: customer.legalRepresentative }).exact.some((k) =>
              wanted[n]!.includes(k),
            ));
      if (customer && still) {
        results[n]!.push(relatedThrough(customer, key));
      }
    }
  });
}
