import { Types } from 'mongoose';
import { CustomerModel, type Customer } from '../customer.model.js';
import { LedgerEntryModel } from '../ledger-entry.model.js';
import { creationLedgerEntry, customerFields, type CustomerInput } from './create-customer.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { profileFields } from '../profile-completeness.js';
import { bulkAddToConflictIndex } from '../../conflicts/keys/bulk-index.js';
import { duplicateKeyFailures } from '../../shared/duplicate-key.js';

// Inserting many public customers at once (file imports): the same documents createCustomer builds,
// with their 'create' ledger entries in the outbox, indexed first and written in batches. Callers
// have already checked the rows for duplicates (import-customers.ts).

const CHUNK = 5000;

export interface BulkInsertProgress {
  phase: 'prepare' | 'index' | 'insert';
  done: number;
  total: number;
}

/**
 * Inserts already-checked rows into the public pool; returns the new customers' ids in input order
 * (null for a row refused because its credit code was registered meanwhile). The index is written
 * once for all rows, so each index document is touched once per import rather than once per batch.
 */
export async function insertPublicCustomers(
  inputs: readonly CustomerInput[],
  ctx: DomainContext,
  onProgress: (progress: BulkInsertProgress) => void = () => {},
): Promise<(Types.ObjectId | null)[]> {
  const fieldList = await profileFields();
  const docs: (Partial<Customer> & { _id: Types.ObjectId })[] = [];
  for (const input of inputs) {
    const fields = await customerFields({ source: 'import', ...input }, undefined, fieldList);
    // Defaulted here and inserted lean: the fields are already typed, and hydrating (or casting)
    // thousands of documents costs more than writing them.
    docs.push(
      withoutUndefined(
        CustomerModel.applyDefaults(publicDocument(fields, ctx)) as Partial<Customer> & { _id: Types.ObjectId },
      ),
    );
    if (docs.length % CHUNK === 0) {
      onProgress({ phase: 'prepare', done: docs.length, total: inputs.length });
    }
  }
  onProgress({ phase: 'index', done: 0, total: inputs.length });
  await bulkAddToConflictIndex(docs);
  const inserted = new Set<number>();
  for (let start = 0; start < docs.length; start += CHUNK) {
    const chunk = docs.slice(start, start + CHUNK);
    const failed = new Set<number>();
    try {
      // Straight to the driver: the documents are complete, and the model's insertMany hook would
      // index each chunk again (they were indexed above, all in one pass).
      await CustomerModel.collection.insertMany(chunk, { ordered: false });
    } catch (error) {
      // A credit code registered meanwhile by someone else: that row stays out; the rest went in.
      duplicateKeyFailures(error).forEach((index) => failed.add(index));
    }
    const written = chunk.filter((_, index) => !failed.has(index));
    chunk.forEach((_, index) => failed.has(index) || inserted.add(start + index));
    await flushCreateEntries(written);
    onProgress({ phase: 'insert', done: Math.min(docs.length, start + CHUNK), total: docs.length });
  }
  return docs.map((d, index) => (inserted.has(index) ? d._id : null));
}

/**
 * Copies the 'create' entries of freshly inserted customers to the ledger. Their outbox copies stay
 * until the customer's next change or the nightly flush (flushAllLedgerOutboxes) removes them, which
 * is harmless (entry ids are deterministic) and saves one write per imported customer now.
 */
async function flushCreateEntries(customers: (Partial<Customer> & { _id: Types.ObjectId })[]): Promise<void> {
  const entries = customers.flatMap((c) => c.ledgerOutbox ?? []);
  if (entries.length === 0) {
    return;
  }
  try {
    await LedgerEntryModel.insertMany(entries, { ordered: false, lean: true });
  } catch (error) {
    // Entries written by an earlier, interrupted attempt: ids are deterministic, so they are the same.
    duplicateKeyFailures(error);
  }
}

// A lean insert would store undefined as null, and a null credit code counts in its unique index.
function withoutUndefined<T extends object>(doc: T): T {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as T;
}

function publicDocument(fields: Partial<Customer>, ctx: DomainContext): Partial<Customer> & { _id: Types.ObjectId } {
  const _id = new Types.ObjectId();
  return {
    ...fields,
    _id,
    poolState: 'public',
    ownerId: null,
    ownerDepartmentId: null,
    publicSince: ctx.now,
    createdBy: ctx.actor.kind === 'employee' ? ctx.actor.employeeId : null,
    stage: 'lead',
    version: 1,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    ledgerOutbox: [
      creationLedgerEntry(
        _id,
        fields.source ?? 'import',
        { poolState: 'public', ownerId: null, ownerDepartmentId: null },
        ctx,
      ),
    ],
  };
}
