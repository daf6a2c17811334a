import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { Types } from 'mongoose';
import { duplicateKeyFailures } from '../../shared/duplicate-key.js';
import { groupCommit } from '../../shared/group-commit.js';
import { ConflictIndexModel } from './conflict-index.model.js';
import { bucketOf, indexTerms, type IdentitySource, type IndexTerms } from './index-terms.js';
import { newRewriteToken } from './rewrite-token.js';

// Keeps the conflict index in step with customers. New terms are added before a customer is written
// and old ones removed after, so at every moment the index holds at least the truth: a crash leaves
// extra entries (which every check verifies against the customer and drops), never missing ones.
// Every write filters on _id alone; anything more would be a collection scan on the embedded server.

/** Grams held by more customers than this say nothing about identity and become stop grams. */
export const STOP_GRAM_SIZE = 2000;

export interface IndexDocument {
  _id: string;
  /** "<24 hex customer id><core name or exact key>". */
  e: string[];
  stop?: boolean;
  /** Rewrite token: set anew by every write but an append (index-tails.ts). */
  r?: string;
}

export function indexCollection(): Collection<IndexDocument> {
  return ConflictIndexModel.collection as unknown as Collection<IndexDocument>;
}

export const entry = (id: Types.ObjectId | string, value: string): string => `${String(id)}${value}`;
export const entryId = (e: string): string => e.slice(0, 24);
export const entryValue = (e: string): string => e.slice(24);

type Operation = AnyBulkWriteOperation<IndexDocument>;

/** The grams among these that are stop grams (read by _id, so writers never grow them again). */
export async function stopGrams(grams: readonly string[]): Promise<Set<string>> {
  if (grams.length === 0) {
    return new Set();
  }
  const stops = new Set<string>();
  for (let i = 0; i < grams.length; i += 1000) {
    const docs = await indexCollection()
      .find({ _id: { $in: grams.slice(i, i + 1000) } }, { projection: { stop: 1 } })
      .toArray();
    docs.filter((d) => d.stop).forEach((d) => stops.add(d._id));
  }
  return stops;
}

/** The index documents a customer's terms go to, with the entry each gets. */
function addEntries(id: Types.ObjectId, terms: IndexTerms, stops: Set<string>): [docId: string, value: string][] {
  return [
    ...terms.grams.filter((g) => !stops.has(g)).map((g): [string, string] => [g, entry(id, terms.core)]),
    ...terms.exact.map((k): [string, string] => [bucketOf(k), entry(id, k)]),
  ];
}

function addOperations(id: Types.ObjectId, terms: IndexTerms, stops: Set<string>): Operation[] {
  return addEntries(id, terms, stops).map(([_id, value]) => ({
    updateOne: {
      filter: { _id },
      update: { $addToSet: { e: value }, $setOnInsert: { r: newRewriteToken() } },
      upsert: true,
    },
  }));
}

function removeOperations(
  id: Types.ObjectId,
  core: string,
  grams: readonly string[],
  exact: readonly string[],
): Operation[] {
  return [
    ...grams.map((g) => ({
      updateOne: { filter: { _id: g }, update: { $pull: { e: entry(id, core) }, $set: { r: newRewriteToken() } } },
    })),
    ...exact.map((k) => ({
      updateOne: {
        filter: { _id: bucketOf(k) },
        update: { $pull: { e: entry(id, k) }, $set: { r: newRewriteToken() } },
      },
    })),
  ];
}

/**
 * Runs index writes in order. Two writers upserting the same new document at once make one of them
 * fail with E11000; every operation here is idempotent, so the batch is simply run again.
 */
async function write(operations: Operation[]): Promise<void> {
  for (let attempt = 1; operations.length > 0; attempt++) {
    try {
      await indexCollection().bulkWrite(operations, { ordered: true });
      return;
    } catch (error) {
      if (attempt >= 3 || duplicateKeyFailures(error).length === 0) {
        throw error;
      }
    }
  }
}

/**
 * The terms of customers created at the same moment (a burst of WeCom leads), added together: one read of
 * their stop grams and one upsert per index document touched, carrying every new entry it gets.
 */
const addTogether = groupCommit<{ id: Types.ObjectId; terms: IndexTerms }>(async (additions) => {
  const stops = await stopGrams([...new Set(additions.flatMap((a) => a.terms.grams))]);
  const entries = new Map<string, string[]>();
  for (const { id, terms } of additions) {
    for (const [docId, value] of addEntries(id, terms, stops)) {
      entries.set(docId, [...(entries.get(docId) ?? []), value]);
    }
  }
  await write(
    [...entries].map(([_id, values]) => ({
      updateOne: {
        filter: { _id },
        update: { $addToSet: { e: { $each: values } }, $setOnInsert: { r: newRewriteToken() } },
        upsert: true,
      },
    })),
  );
}, 100);

/** Adds a customer's terms (idempotent). Call before the customer is written. */
export async function addToConflictIndex(id: Types.ObjectId, source: IdentitySource): Promise<IndexTerms> {
  const terms = indexTerms(source);
  await addTogether({ id, terms });
  return terms;
}

/**
 * Moves a customer's entries from its old identity to its new one: terms of `after` are added first,
 * then terms only `before` had are removed. Either side may be null (created, deleted).
 */
export async function reindexCustomer(
  id: Types.ObjectId,
  before: IdentitySource | null,
  after: IdentitySource | null,
): Promise<void> {
  const old = before ? indexTerms(before) : null;
  const next = after ? indexTerms(after) : null;
  const operations: Operation[] = [];
  if (next) {
    operations.push(...addOperations(id, next, await stopGrams(next.grams)));
  }
  if (old) {
    // A renamed customer's entries carry its old core name, so under a new name they all go.
    const grams = old.core === next?.core ? old.grams.filter((g) => !next.grams.includes(g)) : old.grams;
    operations.push(
      ...removeOperations(
        id,
        old.core,
        grams,
        old.exact.filter((k) => !next?.exact.includes(k)),
      ),
    );
  }
  if (operations.length > 0) {
    await write(operations);
  }
}

/** Removes every entry of a customer whose creation failed after its terms were added. */
export async function removeFromConflictIndex(id: Types.ObjectId, terms: IndexTerms): Promise<void> {
  await write(removeOperations(id, terms.core, terms.grams, terms.exact));
}
