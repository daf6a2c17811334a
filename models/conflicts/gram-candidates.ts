import { entryId, entryValue, STOP_GRAM_SIZE, type IndexDocument } from './keys/conflict-index.js';
import type { PreparedQuery } from './match-scoring.js';
import { MIN_SIMILARITY, spelledSimilarityValue } from './name-similarity.js';
import { spellingOf, type Spelling } from './spelling.js';

// The name candidates of a query: the customers sharing grams with it, ranked on the core names stored in the
// gram postings (rare grams weigh more), the best few kept for verification. A gram shared by a burst of new
// leads holds up to STOP_GRAM_SIZE entries, and the checks of one index read share its documents
// (index-reads.ts), so each posting list is split into customer ids and core names once, not once per check —
// and read again, only past the entries it shares with the list split before; the ranking keeps the best few as
// it goes instead of sorting every candidate.

/** Name candidates read and verified per query, after ranking on the index alone. */
export const VERIFY_PER_QUERY = 16;

// Customer ids of postings as small numbers, so a check adds up its grams per customer in an array rather than a
// map of strings; renumbered from scratch (every document split again) once this many were numbered.
const MAX_NUMBERED = 200_000;
const numbers = new Map<string, number>();
let generation = 0;
/** Per numbered customer: 1 + its place among the current check's candidates, 0 for none (reset after each). */
let placeOf = new Int32Array(1024);

function numberOf(id: string): number {
  let n = numbers.get(id);
  if (n === undefined) {
    n = numbers.size;
    numbers.set(id, n);
  }
  return n;
}

interface Postings {
  generation: number;
  /** The first `length` entries of these arrays are the document's (the arrays may have grown since). */
  length: number;
  ids: string[];
  numbers: number[];
  cores: string[];
  spellings: Spelling[];
}

/** The split of the posting list last read for a gram, with its entries (our own array: only ever appended to). */
interface Split extends Postings {
  entries: string[];
}

// Every check reads the index anew, and a gram shared by a burst of new leads only grows between reads
// ($addToSet appends; a $pull or a stop gram rewrites), so a list read again is split again only past the
// entries it still shares with the one split before (compared one by one: anything else splits it anew). A
// read's document answers the same split to every check that reads it; the checks of a later read find the
// split grown in place. The splits kept hold at most MAX_SPLIT_ENTRIES entries, the least recently grown or
// made going first.
const MAX_SPLIT_ENTRIES = 200_000;
const splits = new Map<string, Split>();
let splitEntries = 0;
const split = new WeakMap<IndexDocument, Postings>();

function splitFrom(target: Split, entries: readonly string[], from: number): void {
  for (let i = from; i < entries.length; i++) {
    const e = entries[i]!;
    const id = entryId(e);
    const core = entryValue(e);
    target.entries.push(e);
    target.ids.push(id);
    target.numbers.push(numberOf(id));
    target.cores.push(core);
    target.spellings.push(spellingOf(core));
  }
  target.length = target.entries.length;
  splitEntries += entries.length - from;
}

/** The cached split of this list, grown to it when the list only added entries to the one split before. */
function splitOf(docId: string, entries: readonly string[]): Postings {
  const cached = splits.get(docId);
  if (cached && cached.generation === generation) {
    const known = cached.entries;
    const common = Math.min(known.length, entries.length);
    let same = 0;
    while (same < common && known[same] === entries[same]) same++;
    if (same === common) {
      if (entries.length <= known.length) {
        // An earlier read than the one split last: the first entries of the split are its own.
        return { ...cached, length: entries.length };
      }
      splits.delete(docId); // re-inserted below: most recently grown last
      splitFrom(cached, entries, known.length);
      splits.set(docId, cached);
      evictSplits();
      return { ...cached };
    }
    splits.delete(docId);
    splitEntries -= known.length;
  }
  const made: Split = { generation, length: 0, entries: [], ids: [], numbers: [], cores: [], spellings: [] };
  splitFrom(made, entries, 0);
  splits.set(docId, made);
  evictSplits();
  return { ...made };
}

function evictSplits(): void {
  for (const [docId, old] of splits) {
    if (splitEntries <= MAX_SPLIT_ENTRIES || splits.size <= 1) {
      return;
    }
    splits.delete(docId);
    splitEntries -= old.entries.length;
  }
}

function postingsOf(doc: IndexDocument): Postings {
  let postings = split.get(doc);
  if (!postings || postings.generation !== generation) {
    postings = splitOf(doc._id, doc.e);
    split.set(doc, postings);
  }
  return postings;
}

/** The postings of the query's gram documents that count (not stop grams), with each one's weight. */
function gramPostings(grams: string[], index: Map<string, IndexDocument>): [Postings, number][] {
  if (numbers.size > MAX_NUMBERED) {
    numbers.clear();
    splits.clear();
    splitEntries = 0;
    generation++;
  }
  const found: [Postings, number][] = [];
  for (const gram of grams) {
    const doc = index.get(gram);
    if (doc && !doc.stop && doc.e.length <= STOP_GRAM_SIZE) {
      // Rare grams say more than common ones.
      found.push([postingsOf(doc), Math.log(1 + STOP_GRAM_SIZE / Math.max(1, doc.e.length))]);
    }
  }
  if (placeOf.length < numbers.size) {
    placeOf = new Int32Array(2 * numbers.size);
  }
  return found;
}

interface Ranked {
  id: string;
  similarity: number;
  weight: number;
}

/** a before b in the ranking: more similar, then heavier (equal ones keep their order). */
const ahead = (a: Ranked, b: Ranked) =>
  a.similarity > b.similarity || (a.similarity === b.similarity && a.weight > b.weight);

/** Keeps the best `size` in ranking order, as a stable sort of all of them would list its first `size`. */
function keepBest(best: Ranked[], candidate: Ranked, size: number): void {
  if (best.length === size && !ahead(candidate, best[size - 1]!)) {
    return;
  }
  let at = best.length;
  while (at > 0 && ahead(candidate, best[at - 1]!)) {
    at--;
  }
  best.splice(at, 0, candidate);
  if (best.length > size) {
    best.pop();
  }
}

/** The best name candidates of a query, ranked on the core names stored in the gram postings. */
export function gramCandidates(q: PreparedQuery, grams: string[], index: Map<string, IndexDocument>): string[] {
  // Per customer, in the order first met: the weights of the grams it shares with the query, and its last entry's
  // core name (the one its latest index write stored).
  const ids: string[] = [];
  const met: number[] = [];
  const weights: number[] = [];
  const entryCores: string[] = [];
  const entrySpellings: Spelling[] = [];
  for (const [postings, weight] of gramPostings(grams, index)) {
    for (let i = 0; i < postings.length; i++) {
      const n = postings.numbers[i]!;
      const place = placeOf[n]!;
      if (place === 0) {
        placeOf[n] = ids.length + 1;
        ids.push(postings.ids[i]!);
        met.push(n);
        weights.push(weight);
        entryCores.push(postings.cores[i]!);
        entrySpellings.push(postings.spellings[i]!);
      } else {
        weights[place - 1]! += weight;
        entryCores[place - 1] = postings.cores[i]!;
        entrySpellings[place - 1] = postings.spellings[i]!;
      }
    }
  }
  met.forEach((n) => (placeOf[n] = 0));
  const cores = q.name?.readings.map((r) => r.core) ?? [];
  const spellings = cores.map(spellingOf);
  const best: Ranked[] = [];
  for (let slot = 0; slot < ids.length; slot++) {
    if (ids[slot] === q.exclude) {
      continue;
    }
    let similarity = 0;
    for (let c = 0; c < cores.length; c++) {
      similarity = Math.max(
        similarity,
        spelledSimilarityValue(cores[c]!, spellings[c]!, entryCores[slot]!, entrySpellings[slot]!),
      );
    }
    if (similarity >= MIN_SIMILARITY - 0.05) {
      keepBest(best, { id: ids[slot]!, similarity, weight: weights[slot]! }, VERIFY_PER_QUERY);
    }
  }
  return best.map((r) => r.id);
}
