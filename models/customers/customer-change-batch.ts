import type { AnyBulkWriteOperation } from 'mongodb';
import type { UpdateQuery } from 'mongoose';
import { CustomerModel, type Customer } from './customer.model.js';
import {
  changeCustomer,
  changeUpdate,
  type CustomerChangePlan,
  type CustomerChangeResult,
  type PlanChange,
} from './customer-change.js';
import type { DomainContext } from '../shared/domain-context.js';
import { runBounded, type ItemFailure } from '../shared/run-bounded.js';
import { settleChange } from './settle-change.js';

// Many customer changes at once (a sweep's batch): every change is decided on the customer as loaded and
// written with the same version filter as changeCustomer(), all in one bulk write through the driver (the plans
// of a sweep set stored values decided by code, as changeCustomer's `checked`). Each write names one customer at
// the version it was decided on, so when every write matched, each customer now holds exactly its change and its
// new document follows from the old one and the update (no read back). When some did not match, one read tells
// which landed; a customer some other writer changed in between is changed on its own, decided again on fresh
// data (changeCustomer). Outboxes are left for the caller to copy (settle-change.ts copyOutboxes).

type Planned = { current: Customer; decided: CustomerChangePlan; update: UpdateQuery<Customer> };

/** Whether the stored customer carries exactly this change (its version and its own ledger entry). */
function landed(p: Planned, stored: Customer | undefined, ctx: DomainContext): boolean {
  const version = p.current.version + 1;
  if (!stored || stored.version !== version) {
    return false;
  }
  if (!p.decided.ledger) {
    return true;
  }
  const entry = stored.ledgerOutbox.find((e) => e._id === `${String(p.current._id)}:${version}`);
  return entry?.action === p.decided.ledger.action && entry.at.getTime() === ctx.now.getTime();
}

/**
 * The customer after an update of changeUpdate()'s shape ($set, single-value $push, $unset of top-level fields)
 * matched it; null for any other shape (then the caller reads it back).
 */
function applied(current: Customer, update: UpdateQuery<Customer>): Customer | null {
  const sections = Object.keys(update);
  const fields = sections.flatMap((s) => Object.keys((update as Record<string, object>)[s] ?? {}));
  if (sections.some((s) => !['$set', '$push', '$unset'].includes(s)) || fields.some((f) => f.includes('.'))) {
    return null;
  }
  const after: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(update.$set ?? {})) {
    if (value !== undefined) {
      after[field] = value;
    }
  }
  for (const [field, value] of Object.entries(update.$push ?? {})) {
    after[field] = [...((after[field] as unknown[] | undefined) ?? []), value];
  }
  for (const field of Object.keys(update.$unset ?? {})) {
    delete after[field];
  }
  return after as Customer;
}

/** Writes the batch; the customers whose change landed, and those to decide again (changed meanwhile). */
async function writeBatch(
  planned: Planned[],
  ctx: DomainContext,
): Promise<{ changed: CustomerChangeResult[]; missed: Customer[] }> {
  const writes: AnyBulkWriteOperation[] = planned.map((p) => ({
    updateOne: { filter: { _id: p.current._id, version: p.current.version }, update: p.update as never },
  }));
  // A write that fails shows as not landed below and is retried on its own, which reports its error.
  const result = await CustomerModel.collection
    .bulkWrite(writes, { ordered: false, ignoreUndefined: true })
    .catch(() => null);
  const computed = result?.matchedCount === planned.length ? planned.map((p) => applied(p.current, p.update)) : [];
  if (computed.length === planned.length && computed.every((c) => c !== null)) {
    return { changed: planned.map((p, i) => ({ before: p.current, after: computed[i]! })), missed: [] };
  }
  const stored = new Map(
    (await CustomerModel.find({ _id: { $in: planned.map((p) => p.current._id) } }).lean<Customer[]>()).map((c) => [
      String(c._id),
      c,
    ]),
  );
  const changed: CustomerChangeResult[] = [];
  const missed: Customer[] = [];
  for (const p of planned) {
    const after = stored.get(String(p.current._id));
    if (landed(p, after, ctx)) {
      changed.push({ before: p.current, after: after! });
    } else {
      missed.push(p.current);
    }
  }
  return { changed, missed };
}

export async function changeCustomersAtOnce(
  loaded: readonly Customer[],
  ctx: DomainContext,
  plan: PlanChange,
  concurrency = 8,
): Promise<{ changed: CustomerChangeResult[]; failures: ItemFailure<Customer>[] }> {
  const planned: Planned[] = [];
  const failures: ItemFailure<Customer>[] = [];
  // What the schema's timestamps would add to each write.
  const updatedAt = new Date();
  for (const current of loaded) {
    try {
      const decided = await plan(current);
      if (decided) {
        const update = changeUpdate(current, decided, ctx);
        planned.push({ current, decided, update: { ...update, $set: { ...update.$set, updatedAt } } });
      }
    } catch (error) {
      failures.push({ item: current, error });
    }
  }
  const { changed, missed } = planned.length > 0 ? await writeBatch(planned, ctx) : { changed: [], missed: [] };
  for (const result of changed) {
    await settleChange(result.before, result.after, { flushOutbox: false });
  }
  failures.push(
    ...(await runBounded(missed, concurrency, async (customer) => {
      const result = await changeCustomer(customer._id, ctx, plan, { deferFlush: true, checked: true });
      if (result) {
        changed.push(result);
      }
    })),
  );
  return { changed, failures };
}
