import type { AnyBulkWriteOperation } from 'mongodb';
import type { Types } from 'mongoose';
import { duplicateKeyFailures } from '../../shared/duplicate-key.js';
import { entry, indexCollection, STOP_GRAM_SIZE, stopGrams, type IndexDocument } from './conflict-index.js';
import { bucketOf, indexTerms, type IdentitySource } from './index-terms.js';
import { newRewriteToken } from './rewrite-token.js';

// Indexing many new customers at once (imports, rebuilds): entries are grouped per index document,
// documents that do not exist yet are inserted whole and existing ones get one $push each. Per-entry
// upserts would cost one write per term; this costs one per document touched.

const LOOKUP_CHUNK = 1000;
const WRITE_CHUNK = 2000;

/** Adds the terms of customers that are not in the index yet (a re-run would duplicate entries). */
export async function bulkAddToConflictIndex(
  customers: readonly (IdentitySource & { _id: Types.ObjectId })[],
): Promise<number> {
  const groups = new Map<string, string[]>();
  const add = (docId: string, value: string) => {
    const list = groups.get(docId);
    if (list) {
      list.push(value);
    } else {
      groups.set(docId, [value]);
    }
  };
  for (const customer of customers) {
    const terms = indexTerms(customer);
    terms.grams.forEach((g) => add(g, entry(customer._id, terms.core)));
    terms.exact.forEach((k) => add(bucketOf(k), entry(customer._id, k)));
  }
  // Insert every document as new; those that exist already fail on _id and are appended to instead.
  // (No lookups first: on the embedded server a lookup costs as much as an insert.)
  const existing: string[] = [];
  const fresh = [...groups].map(([id, entries]) => newDocument(id, entries));
  for (let i = 0; i < fresh.length; i += WRITE_CHUNK) {
    const chunk = fresh.slice(i, i + WRITE_CHUNK);
    try {
      await indexCollection().insertMany(chunk, { ordered: false });
    } catch (error) {
      duplicateKeyFailures(error).forEach((index) => existing.push(chunk[index]!._id));
    }
  }
  // Stop grams stay empty; an existing gram that outgrows the limit is stopped by the next check
  // that reads it (find-matches.ts).
  const stopped = await stopGrams(existing.filter((id) => !id.startsWith('h:')));
  const updates: AnyBulkWriteOperation<IndexDocument>[] = existing
    .filter((id) => !stopped.has(id))
    .map((id) => ({ updateOne: { filter: { _id: id }, update: { $push: { e: { $each: groups.get(id)! } } } } }));
  for (let i = 0; i < updates.length; i += WRITE_CHUNK) {
    await indexCollection().bulkWrite(updates.slice(i, i + WRITE_CHUNK), { ordered: false });
  }
  return groups.size;
}

function newDocument(id: string, entries: string[]): IndexDocument {
  return !id.startsWith('h:') && entries.length > STOP_GRAM_SIZE
    ? { _id: id, e: [], stop: true, r: newRewriteToken() }
    : { _id: id, e: entries, r: newRewriteToken() };
}

/** Turns grams that outgrew the limit into stop grams (their entries are dropped). */
export async function markStopGrams(gramIds: string[]): Promise<void> {
  for (let i = 0; i < gramIds.length; i += LOOKUP_CHUNK) {
    await indexCollection().updateMany(
      { _id: { $in: gramIds.slice(i, i + LOOKUP_CHUNK) } },
      { $set: { stop: true, e: [], r: newRewriteToken() } },
    );
  }
}
