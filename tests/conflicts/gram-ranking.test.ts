import { describe, expect, it } from 'vitest';
import { prepareQuery } from '../../models/conflicts/find-matches.js';
import { gramCandidates, VERIFY_PER_QUERY } from '../../models/conflicts/gram-candidates.js';
import { entryId, entryValue, STOP_GRAM_SIZE, type IndexDocument } from '../../models/conflicts/keys/conflict-index.js';
import { parseCompanyName } from '../../models/conflicts/keys/company-name.js';
import { nameTerms } from '../../models/conflicts/keys/index-terms.js';
import { coreSimilarity, MIN_SIMILARITY } from '../../models/conflicts/name-similarity.js';
import { editDistance, spellingOf } from '../../models/conflicts/spelling.js';
import type { PreparedQuery } from '../../models/conflicts/match-scoring.js';

// The conflict check's two hand-written fast paths against the plain computations they stand for: the edit
// distance (trimmed and computed on integer rows) against the textbook table over strings, and the ranking of
// gram candidates (numbered customers, the best few kept as they come) against scoring every candidate and
// sorting them all. Names come from a generator with its own characters and number patterns.

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Optimal string alignment as the textbook writes it: substitution 1, a swap of neighbours 0.5. */
function textbookDistance(a: string[], b: string[]): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i + j));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 0.5);
      }
    }
  }
  return d[a.length]![b.length]!;
}

/** Every candidate sharing a gram scored, all sorted by similarity then weight, the first few kept. */
function sortedCandidates(q: PreparedQuery, grams: string[], index: Map<string, IndexDocument>): string[] {
  const weights = new Map<string, { weight: number; entry: string }>();
  for (const gram of grams) {
    const doc = index.get(gram);
    if (!doc || doc.stop || doc.e.length > STOP_GRAM_SIZE) {
      continue;
    }
    const weight = Math.log(1 + STOP_GRAM_SIZE / Math.max(1, doc.e.length));
    for (const e of doc.e) {
      const seen = weights.get(entryId(e));
      weights.set(entryId(e), { weight: (seen?.weight ?? 0) + weight, entry: e });
    }
  }
  const cores = q.name?.readings.map((r) => r.core) ?? [];
  return [...weights]
    .filter(([id]) => id !== q.exclude)
    .map(([id, { weight, entry }]) => ({
      id,
      weight,
      similarity: Math.max(0, ...cores.map((c) => coreSimilarity(c, entryValue(entry)).similarity)),
    }))
    .filter((r) => r.similarity >= MIN_SIMILARITY - 0.05)
    .sort((a, b) => b.similarity - a.similarity || b.weight - a.weight)
    .slice(0, VERIFY_PER_QUERY)
    .map((r) => r.id);
}

describe('conflict check fast paths', () => {
  it('when two spellings are compared, then the distance is the textbook one for every pair of short words and for long look-alikes', () => {
    const words: string[][] = [[]];
    for (let length = 1; length <= 5; length++) {
      for (const word of words.filter((w) => w.length === length - 1)) {
        words.push(...['甲', '乙', '丙'].map((c) => [...word, c]));
      }
    }
    const random = seeded(18);
    const longer = Array.from({ length: 3000 }, () =>
      Array.from({ length: 4 + Math.floor(random() * 10) }, () => '鸿运线索一二号12'[Math.floor(random() * 9)]!),
    );
    const pairs = [
      ...words.flatMap((a) => words.map((b) => [a, b])),
      ...longer.map((a, i) => [a, longer[(i * 7) % longer.length]!]),
    ];
    const differing = pairs.filter(
      ([a, b]) =>
        editDistance(spellingOf(a!.join('')).codes, spellingOf(b!.join('')).codes) !== textbookDistance(a!, b!),
    );
    expect(pairs.length).toBeGreaterThan(130_000);
    expect(differing.map(([a, b]) => `${a!.join('')}/${b!.join('')}`)).toEqual([]);
  });

  it('when hundreds of customers share grams with a query, then the candidates verified are the ones a full sort ranks first, in its order', () => {
    const random = seeded(7);
    const families = ['鸿运线索', '宏达精密', '金桥物流', '华信'];
    const someName = () =>
      random() < 0.7
        ? `${families[Math.floor(random() * families.length)]}${Math.floor(random() * 3000)}号`
        : Array.from(
            { length: 2 + Math.floor(random() * 5) },
            () => '鸿运宏达金桥华信物流精密一二三'[Math.floor(random() * 15)],
          ).join('');
    let full = 0;
    for (let round = 0; round < 60; round++) {
      const index = new Map<string, IndexDocument>();
      const ids: string[] = [];
      for (let i = 0; i < 100 + Math.floor(random() * 500); i++) {
        const id = (round * 100_000 + i).toString(16).padStart(24, '0');
        ids.push(id);
        // Some customers keep entries of an old name beside their new one (a crash between two index writes).
        for (const core of random() < 0.1 ? [someName(), someName()] : [someName()]) {
          for (const gram of nameTerms(parseCompanyName(`${core}有限公司`), 'primary').grams) {
            const doc = index.get(gram) ?? { _id: gram, e: [], ...(random() < 0.01 ? { stop: true } : {}) };
            doc.e.push(`${id}${core}`);
            index.set(gram, doc);
          }
        }
      }
      for (let k = 0; k < 30; k++) {
        const q = { ...prepareQuery({ name: `${someName()}贸易有限公司` }), exclude: random() < 0.2 ? ids[0]! : null };
        const grams = q.name ? nameTerms(q.name, 'all').grams : [];
        const expected = sortedCandidates(q, grams, index);
        full += expected.length === VERIFY_PER_QUERY ? 1 : 0;
        expect(gramCandidates(q, grams, index)).toEqual(expected);
      }
    }
    // Most queries had more candidates than are verified: the ranking itself was compared, not only its inputs.
    expect(full).toBeGreaterThan(900);
  });

  it('when the posting lists grow, lose entries and are read again between checks, then every check ranks the lists it read', () => {
    const random = seeded(11);
    const core = (i: number) => `${['鸿运线索', '宏达精密'][i % 2]}${i}号`;
    // The stored lists, as the index writes them: new entries appended, a renamed customer's pulled.
    const stored = new Map<string, string[]>();
    const add = (i: number, name = core(i)) => {
      for (const gram of nameTerms(parseCompanyName(`${name}贸易有限公司`), 'primary').grams) {
        stored.set(gram, [...(stored.get(gram) ?? []), `${(900_000 + i).toString(16).padStart(24, '0')}${name}`]);
      }
    };
    // What one read answers: a copy of every list as it is now (decoded anew, as the driver does).
    const read = () => new Map([...stored].map(([id, e]) => [id, { _id: id, e: e.map((x) => `${x}`) }]));
    for (let i = 0; i < 300; i++) {
      add(i);
    }
    const reads: Map<string, IndexDocument>[] = [];
    let next = 300;
    let compared = 0;
    for (let round = 0; round < 40; round++) {
      reads.push(read());
      for (let k = 0; k < 5; k++) {
        // Checks of the newest read, and some of older reads still in flight beside them.
        const index = random() < 0.3 ? reads[Math.floor(random() * reads.length)]! : reads[reads.length - 1]!;
        const q = prepareQuery({ name: `${core(Math.floor(random() * next))}贸易有限公司` });
        const grams = nameTerms(q.name!, 'all').grams;
        expect(gramCandidates(q, grams, index)).toEqual(sortedCandidates(q, grams, index));
        compared++;
      }
      for (let n = 0; n < 1 + Math.floor(random() * 20); n++) {
        add(next++);
      }
      if (random() < 0.3) {
        // A customer renamed: its entries leave the middle of the lists, its new name's are appended.
        const renamed = Math.floor(random() * next);
        for (const [gram, e] of stored) {
          stored.set(
            gram,
            e.filter((x) => !x.startsWith((900_000 + renamed).toString(16).padStart(24, '0'))),
          );
        }
        add(renamed, `${core(renamed)}分`);
      }
    }
    expect(compared).toBe(200);
  });
});
