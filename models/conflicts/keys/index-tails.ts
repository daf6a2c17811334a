import { indexCollection, STOP_GRAM_SIZE, type IndexDocument } from './conflict-index.js';

// Reads of conflict-index documents that transfer only what is new since this process last read them.
//
// Every write that does anything but append to a document's list gives the document a new rewrite token `r`
// (rewrite-token.ts: never reused, so a deleted and re-created document never looks like its old self): removals
// ($pull), stop-gram marking and every creation (insert, upsert). Appends ($addToSet, $push) keep it. So while a
// document's token is the one we saw, its list is the list we saw followed by new entries, and a read that
// returns the token together with the entries from position `skip` on (one document read is atomic) gives the
// whole list exactly. Each read also returns at least the last entry we already hold and compares every entry
// it returns that we hold: a mismatch (a writer that did not set the token) or another token reads that document
// again in full. Documents without a token (written by an earlier version) are always read in full. The read
// answers what the plain read `{ e: { $slice: STOP_GRAM_SIZE + 1 }, stop: 1 }` answers, nothing more or less.

const LIMIT = STOP_GRAM_SIZE + 1;
/** Documents whose known lists differ in length by at most this share one read (the longer ones re-send some). */
const SPAN = 256;
/** Lists kept at most (entries in all); the least recently read go first. */
const MAX_KEPT_ENTRIES = 300_000;

interface Kept {
  r: string;
  /** Never changed once kept: handed out as the documents' lists. */
  e: string[];
}

const kept = new Map<string, Kept>();
let keptEntries = 0;

function keep(doc: IndexDocument): void {
  const old = kept.get(doc._id);
  if (old) {
    kept.delete(doc._id);
    keptEntries -= old.e.length;
  }
  if (typeof doc.r !== 'string' || doc.stop) {
    return;
  }
  kept.set(doc._id, { r: doc.r, e: doc.e });
  keptEntries += doc.e.length;
  for (const [id, list] of kept) {
    if (keptEntries <= MAX_KEPT_ENTRIES) {
      break;
    }
    kept.delete(id);
    keptEntries -= list.e.length;
  }
}

async function readFrom(ids: string[], skip: number): Promise<IndexDocument[]> {
  // A skip past the end of a list that shrank since answers [] (scripts/mongo/.../SkippedSlices.java makes
  // the embedded server answer as MongoDB does), which the token or the continuation check then rejects.
  const e = skip === 0 ? { $slice: LIMIT } : { $slice: [skip, LIMIT - skip] };
  return indexCollection()
    .find({ _id: { $in: ids } }, { projection: { e, stop: 1, r: 1 } })
    .toArray();
}

/** The kept list grown by a read from `skip`, or null when the read does not continue it. */
function grown(old: Kept, doc: IndexDocument, skip: number): string[] | null {
  const overlap = old.e.length - skip;
  const tail = doc.e ?? [];
  if (doc.r !== old.r || doc.stop || tail.length < overlap) {
    return null;
  }
  for (let i = 0; i < overlap; i++) {
    if (tail[i] !== old.e[skip + i]) {
      return null;
    }
  }
  return tail.length === overlap ? old.e : old.e.concat(tail.slice(overlap));
}

/** Groups of ids read together, each with the position its read starts from. */
function plan(ids: string[]): [skip: number, ids: string[]][] {
  const known = ids.map((id): [string, number] => [id, kept.get(id)?.e.length ?? 0]).sort((a, b) => a[1] - b[1]);
  const groups: [number, string[]][] = [];
  for (const [id, length] of known) {
    const last = groups[groups.length - 1];
    if (last && (length === 0 ? last[0] === 0 : length - 1 - last[0] <= SPAN)) {
      last[1].push(id);
    } else {
      groups.push([length === 0 ? 0 : length - 1, [id]]);
    }
  }
  return groups;
}

/** The index documents with these ids, as `{ e: { $slice: STOP_GRAM_SIZE + 1 }, stop: 1 }` reads them. */
export async function readIndexDocuments(ids: string[]): Promise<IndexDocument[]> {
  const found: IndexDocument[] = [];
  const again: string[] = [];
  const groups = plan(ids);
  const reads = await Promise.all(groups.map(([skip, group]) => readFrom(group, skip)));
  groups.forEach(([skip, group], n) => {
    const docs = new Map(reads[n]!.map((d) => [d._id, d]));
    for (const id of group) {
      const doc = docs.get(id);
      const old = kept.get(id);
      if (skip === 0) {
        if (doc) found.push(doc);
        keep(doc ?? { _id: id, e: [] });
        continue;
      }
      const e = doc && old ? grown(old, doc, skip) : null;
      if (e === null) {
        again.push(id); // deleted, rewritten or not continued: read in full
        continue;
      }
      const whole = { ...doc!, e };
      keep(whole);
      found.push(whole);
    }
  });
  if (again.length > 0) {
    const docs = new Map((await readFrom(again, 0)).map((d) => [d._id, d]));
    for (const id of again) {
      const doc = docs.get(id);
      if (doc) found.push(doc);
      keep(doc ?? { _id: id, e: [] });
    }
  }
  return found.map(({ r: _r, ...doc }) => doc);
}
