import type { Collection } from 'mongodb';
import type { Types } from 'mongoose';
import type { Customer } from './customer.model.js';
import { LedgerEntryModel } from './ledger-entry.model.js';
import { OpportunityModel, openOpportunityStages } from './opportunity.model.js';
import { ignoreDuplicateKeys } from '../shared/duplicate-key.js';
import { groupCommit } from '../shared/group-commit.js';

// What follows a customer change once it landed (customer-change.ts): its ledger entries are copied from the
// outbox to the ledger, and open deals follow a new holder. Concurrent changes (a claim storm, a callback burst)
// share these writes through a group commit: one ledger insert and one deals update for all of them instead of
// two each. Every change still waits for its own. The copies stay in the outbox: this process remembers what it
// copied, and the customer's next change made here drops them in its own update (changeUpdate); what another
// process copied stays until the nightly flush (flushAllLedgerOutboxes) — harmless, entry ids are deterministic.
// That saves rewriting the customer a second time for every change.

// Plain driver calls: the entries were validated when they entered the outbox, so nothing is cast twice.
const ledger = () => LedgerEntryModel.collection as unknown as Collection<{ _id: string }>;

interface Settled {
  customerId: Types.ObjectId;
  entries: Customer['ledgerOutbox'];
  newOwnerId: Types.ObjectId | null;
}

/**
 * Copies outbox entries to the ledger in one insert and remembers them, so the customers' next changes made here
 * drop them from their outboxes (changeUpdate); a sweep's batch copies its customers' outboxes this way.
 */
export async function copyToLedger(entries: Customer['ledgerOutbox']): Promise<void> {
  if (entries.length === 0) {
    return;
  }
  try {
    // Ids are deterministic: an entry copied before (a retried flush) collides and is skipped.
    await ledger().insertMany(entries, { ordered: false });
  } catch (error) {
    ignoreDuplicateKeys(error);
  }
  entries.forEach((e) => rememberCopied(e._id));
}

async function settleAll(changes: Settled[]): Promise<void> {
  await copyToLedger(changes.flatMap((c) => c.entries));
  const moved = changes.filter((c) => c.newOwnerId !== null);
  if (moved.length > 0) {
    // Through the driver (the values are ids already): what the schema's timestamps add, without the casting.
    const updatedAt = new Date();
    await OpportunityModel.collection.bulkWrite(
      moved.map((c) => ({
        updateMany: {
          filter: { customerId: c.customerId, stage: { $in: [...openOpportunityStages] } },
          update: { $set: { ownerId: c.newOwnerId!, updatedAt } },
        },
      })),
      { ordered: false },
    );
  }
}

const settle = groupCommit(settleAll);

// Outbox entries this process copied to the ledger, oldest first; bounded (a forgotten one is copied again).
const copied = new Set<string>();
// A sweep copies up to 50,000 entries in one run (drop-sweep.ts maxCustomers).
const REMEMBERED = 50_000;

function rememberCopied(id: string): void {
  copied.delete(id);
  copied.add(id);
  if (copied.size > REMEMBERED) {
    copied.delete(copied.values().next().value!);
  }
}

/** Whether this process copied the outbox entry to the ledger (so a later change may drop it from the outbox). */
export function copiedToLedger(id: string): boolean {
  return copied.has(id);
}

/**
 * Copies the change's outbox (unless the caller flushes many at once itself) and moves the customer's open
 * deals (商机) to its new holder, so the forecast credits whoever works it now; closed deals stay with whoever
 * won or lost them.
 */
export async function settleChange(
  before: Customer,
  after: Customer,
  options: { flushOutbox: boolean },
): Promise<void> {
  const newOwnerId = after.ownerId && String(after.ownerId) !== String(before.ownerId ?? '') ? after.ownerId : null;
  const entries = options.flushOutbox ? after.ledgerOutbox : [];
  if (entries.length === 0 && newOwnerId === null) {
    return;
  }
  await settle({ customerId: after._id, entries, newOwnerId });
}

/**
 * Copies a new customer's first ledger entries (its creation), sharing the ledger insert with concurrent
 * changes; they stay in its outbox like a change's (a new customer has no deals to move).
 */
export async function settleCreation(customer: Pick<Customer, '_id' | 'ledgerOutbox'>): Promise<void> {
  if (customer.ledgerOutbox.length > 0) {
    await settle({ customerId: customer._id, entries: customer.ledgerOutbox, newOwnerId: null });
  }
}
