import type { AnyBulkWriteOperation, Collection, Document, OptionalUnlessRequiredId } from 'mongodb';
import { duplicateKeyFailures } from './duplicate-key.js';
import { groupCommit } from './group-commit.js';

// Single-document writes that many concurrent operations make the same way (a WeCom event burst creating
// contacts, taking locks, linking contacts), shared through the group commit (group-commit.ts): the writes
// asked for while one is in flight go out together as one insertMany or bulkWrite. Each caller is answered
// from the write that carried its own document, never before it returned; a document refused for its key
// answers 'duplicate' to its own caller only, any other failure fails the callers of that write.

/** Inserts one document among concurrent inserts: 'inserted', or 'duplicate' when its unique key is taken. */
export function groupedInsert<D extends Document>(
  collection: () => Collection<D>,
  maxBatch = 200,
): (doc: OptionalUnlessRequiredId<D>) => Promise<'inserted' | 'duplicate'> {
  return groupCommit<OptionalUnlessRequiredId<D>, 'inserted' | 'duplicate'>(async (docs) => {
    try {
      await collection().insertMany(docs, { ordered: false });
      return docs.map(() => 'inserted');
    } catch (error) {
      // Rethrows unless every failure is a duplicate key (then the others were inserted).
      const refused = new Set(duplicateKeyFailures(error));
      return docs.map((_, i) => (refused.has(i) ? 'duplicate' : 'inserted'));
    }
  }, maxBatch);
}

/**
 * Runs one independent write among concurrent ones (one bulkWrite, unordered). The caller learns only that
 * it ran: a write whose effect must be known per caller (matched or not) does not belong here.
 */
export function groupedWrite<D extends Document>(
  collection: () => Collection<D>,
  maxBatch = 200,
): (operation: AnyBulkWriteOperation<D>) => Promise<void> {
  return groupCommit<AnyBulkWriteOperation<D>>(async (operations) => {
    await collection().bulkWrite(operations, { ordered: false });
  }, maxBatch);
}
