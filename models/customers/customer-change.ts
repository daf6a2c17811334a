import { isValidObjectId, Types, type UpdateQuery } from 'mongoose';
import { CustomerModel, type Customer } from './customer.model.js';
import { fieldsOrNull } from './fields-or-null.js';
import { AppError } from '../shared/app-error.js';
import { LedgerEntryModel, type LedgerAction } from './ledger-entry.model.js';
import type { DomainContext } from '../shared/domain-context.js';
import { ignoreDuplicateKeys } from '../shared/duplicate-key.js';
import { copiedToLedger, settleChange } from './settle-change.js';
import { markLanded } from '../shared/uncertain-outcome.js';
import { groupedById } from '../shared/group-commit.js';

// Every change to a customer goes through changeCustomer(): read the document, decide the change in
// plain code, then write it with a filter on the version that was read. A concurrent writer makes the
// filter miss, and the change is decided again on fresh data. The ledger entry travels inside the
// same single-document update (the outbox) and is copied to the ledger afterwards, so a change and
// its entry can never be separated by a crash.

export interface CustomerChangePlan {
  /** Fields to set. */
  set: Partial<Customer>;
  /** Array appends, e.g. { gradeHistory: {...} }. */
  push?: Record<string, unknown>;
  /** Fields to remove (e.g. a unique sparse key the customer gives up). */
  unset?: string[];
  /** Ledger entry to write; omitted for changes that are not ownership or state changes. */
  ledger?: { action: LedgerAction; reason?: string };
}

/** Decides the change from the current document; returns null for "nothing to do", throws AppError to refuse. */
export type PlanChange = (current: Customer) => CustomerChangePlan | null | Promise<CustomerChangePlan | null>;

export interface CustomerChangeResult {
  before: Customer;
  after: Customer;
}

const MAX_ATTEMPTS = 20;

/** Fields copied into ledger entries as the before/after picture of a change. */
function snapshot(c: Partial<Customer>): Record<string, unknown> {
  return {
    poolState: c.poolState,
    ...fieldsOrNull(c, ['ownerId', 'ownerDepartmentId', 'stakedBy', 'grade']),
    stage: c.stage,
    locked: c.locked ?? false,
    protectedUntil: c.protectedUntil ?? null,
  };
}

function actorFields(ctx: DomainContext): { actorKind: string; actorId: Types.ObjectId | null; actorName: string } {
  const { actor } = ctx;
  return actor.kind === 'employee'
    ? { actorKind: 'employee', actorId: actor.employeeId, actorName: '' }
    : { actorKind: actor.kind, actorId: null, actorName: actor.name };
}

const customersById = groupedById(
  (ids) => CustomerModel.collection.find({ _id: { $in: ids as Types.ObjectId[] } }).toArray() as Promise<Customer[]>,
);

/** The customer as stored now; concurrent reads share one (models/shared/group-commit.ts). */
export async function loadCustomer(customerId: Types.ObjectId | string): Promise<Customer> {
  const customer = isValidObjectId(customerId)
    ? await customersById(typeof customerId === 'string' ? new Types.ObjectId(customerId) : customerId)
    : await CustomerModel.findById(customerId).lean<Customer>();
  if (!customer) {
    throw new AppError('CUSTOMER_NOT_FOUND', '找不到该客户', { details: { customerId: String(customerId) } });
  }
  return customer;
}

/** The version-guarded update that applies a decided change, its ledger entry in the outbox. */
export function changeUpdate(
  current: Customer,
  decided: CustomerChangePlan,
  ctx: DomainContext,
): UpdateQuery<Customer> {
  const version = current.version + 1;
  const update: UpdateQuery<Customer> = { $set: { ...decided.set, version } };
  const push: Record<string, unknown> = { ...decided.push };
  // Entries this process already copied to the ledger leave the outbox with this change (settle-change.ts).
  const outbox = current.ledgerOutbox ?? [];
  const kept = outbox.filter((e) => !copiedToLedger(e._id));
  if (decided.ledger) {
    const entry = {
      _id: `${String(current._id)}:${version}`,
      customerId: current._id,
      action: decided.ledger.action,
      ...actorFields(ctx),
      reason: decided.ledger.reason ?? '',
      before: snapshot(current),
      after: snapshot({ ...current, ...decided.set }),
      at: ctx.now,
    };
    if (kept.length < outbox.length) {
      update.$set!.ledgerOutbox = [...kept, entry];
    } else {
      push.ledgerOutbox = entry;
    }
  } else if (kept.length < outbox.length) {
    update.$set!.ledgerOutbox = kept;
  }
  if (Object.keys(push).length > 0) {
    update.$push = push;
  }
  if (decided.unset?.length) {
    update.$unset = Object.fromEntries(decided.unset.map((field) => [field, 1]));
  }
  return update;
}

export interface ChangeOptions {
  /** The customer as the caller just read it: the first attempt decides on it instead of reading it again. */
  loaded?: Customer;
  /** The caller copies the outbox itself, for many changes at once (flushLedgerOutboxes). */
  deferFlush?: boolean;
  /**
   * The plan sets values of the stored types only, decided by code from stored data (no input of a request): the
   * write goes through the driver, without mongoose casting and validators (a hot path: claims).
   */
  checked?: boolean;
}

/** The version-guarded write of a change: through mongoose (cast and validated), or as decided (`checked`). */
async function writeChange(
  current: Customer,
  update: UpdateQuery<Customer>,
  checked: boolean,
): Promise<Customer | null> {
  const guard = { _id: current._id, version: current.version };
  if (!checked) {
    return CustomerModel.findOneAndUpdate(guard, update, {
      returnDocument: 'after',
      runValidators: true,
    }).lean<Customer>();
  }
  // What the schema's timestamps would add.
  const stamped = { ...update, $set: { ...update.$set, updatedAt: new Date() } };
  return (await CustomerModel.collection.findOneAndUpdate(guard, stamped, {
    returnDocument: 'after',
    ignoreUndefined: true,
  })) as Customer | null;
}

/**
 * Applies a planned change atomically and writes its ledger entry exactly once. Returns null when the
 * plan decided there is nothing to do. A customer passed as `loaded` is decided on at once (the version
 * filter still catches any writer since it was read).
 */
export async function changeCustomer(
  customerId: Types.ObjectId | string,
  ctx: DomainContext,
  plan: PlanChange,
  options: ChangeOptions = {},
): Promise<CustomerChangeResult | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = attempt === 0 && options.loaded ? options.loaded : await loadCustomer(customerId);
    const decided = await plan(current);
    if (!decided) {
      return null;
    }
    const update = changeUpdate(current, decided, ctx);
    const after = await writeChange(current, update, options.checked === true);
    if (after) {
      // The change is written: a failure from here on must not be taken for a change that did not happen.
      await settleChange(current, after, { flushOutbox: !options.deferFlush }).catch((error: unknown) => {
        throw markLanded(error);
      });
      return { before: current, after };
    }
    // Another writer changed the customer since we read it: decide again on fresh data.
  }
  throw new AppError('CONFLICT', '客户正被频繁修改，请稍后重试', { details: { customerId: String(customerId) } });
}

type OutboxEntry = Customer['ledgerOutbox'][number];

/** Copies outbox entries into the ledger, idempotently (ids are deterministic); false when there are none. */
async function copyIntoLedger(entries: readonly OutboxEntry[]): Promise<boolean> {
  if (entries.length === 0) {
    return false;
  }
  try {
    await LedgerEntryModel.insertMany(entries, { ordered: false });
  } catch (error) {
    ignoreDuplicateKeys(error);
  }
  return true;
}

/** The update that removes copied entries from an outbox. */
const pullFromOutbox = (entries: readonly OutboxEntry[]) => ({
  $pull: { ledgerOutbox: { _id: { $in: entries.map((e) => e._id) } } },
});

/** Copies outbox entries into the ledger, then removes them. */
export async function flushLedgerOutbox(customer: Pick<Customer, '_id' | 'ledgerOutbox'>): Promise<void> {
  if (await copyIntoLedger(customer.ledgerOutbox)) {
    await CustomerModel.updateOne({ _id: customer._id }, pullFromOutbox(customer.ledgerOutbox));
  }
}

/** Copies the outboxes of many changed customers at once: one insert, one update. */
export async function flushLedgerOutboxes(customers: readonly Pick<Customer, '_id' | 'ledgerOutbox'>[]): Promise<void> {
  const entries = customers.flatMap((c) => c.ledgerOutbox);
  if (await copyIntoLedger(entries)) {
    await CustomerModel.updateMany({ _id: { $in: customers.map((c) => c._id) } }, pullFromOutbox(entries));
  }
}

/**
 * Flushes outboxes left behind (a crash, or copies another process made: settle-change.ts); run at start-up and by
 * the nightly reconciler. A batch of customers at a time: one ledger insert, one update.
 */
export async function flushAllLedgerOutboxes(batchSize = 200): Promise<number> {
  let flushed = 0;
  const cursor = CustomerModel.find({ 'ledgerOutbox._id': { $exists: true } }, { ledgerOutbox: 1 })
    .lean<Pick<Customer, '_id' | 'ledgerOutbox'>[]>()
    .batchSize(batchSize)
    .cursor();
  let batch: Pick<Customer, '_id' | 'ledgerOutbox'>[] = [];
  for await (const customer of cursor) {
    batch.push(customer);
    if (batch.length >= batchSize) {
      await flushLedgerOutboxes(batch);
      flushed += batch.reduce((n, c) => n + c.ledgerOutbox.length, 0);
      batch = [];
    }
  }
  await flushLedgerOutboxes(batch);
  return flushed + batch.reduce((n, c) => n + c.ledgerOutbox.length, 0);
}
