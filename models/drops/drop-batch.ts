import type { Types } from 'mongoose';
import type { Customer } from '../customers/customer.model.js';
import { changeCustomersAtOnce } from '../customers/customer-change-batch.js';
import { addNotices } from '../messages/pending-notices.js';
import { copyToLedger } from '../customers/settle-change.js';
import { EmployeeModel } from '../org/employee.model.js';
import { releaseCapacity } from '../pool/counters.js';
import type { poolRulesResolver } from '../pool/pool-rules.js';
import type { DomainContext } from '../shared/domain-context.js';
import { errorMessage } from '../shared/run-bounded.js';
import { dropReasonText } from './drop-reasons.js';
import { droppedFrom, dropPlan, type DroppedCustomer } from './drop-customer.js';

// A batch of the drop sweep: the same guarded change per customer as dropCustomer() (its version filter is
// what makes a drop exact under concurrent writers), all in one bulk write (customer-change-batch.ts), with
// everything around it done once per batch: the customers come as the sweep's cursor read them (no second
// read), one insert of their ledger entries (the copies stay in the outboxes until the customers' next change
// here or the nightly flush drops them, as after a claim: settle-change.ts), one document of the notices;
// capacity goes back once per owner per sweep. A crash inside a batch leaves what dropCustomer() leaves, only
// for more customers at once: outboxes the start-up flush copies, counters too high that the reconciler repairs.

type Rules = ReturnType<typeof poolRulesResolver>;

export interface DropBatchResult {
  dropped: DroppedCustomer[];
  failed: { customerId: string; error: string }[];
}

// Owners' counters in chunks: one read and one bulk write of guarded updates per chunk (a sweep tells ~1,000 reps).
const RELEASE_CHUNK = 200;

/**
 * Gives each previous owner back one unit per customer they lost. The counters are read first: a counter that
 * covers the loss gets one guarded `$inc` (all in one bulk write); one already too low (it never goes below zero)
 * is released one unit at a time, each clamped. A counter lowered by someone else between the read and the write
 * misses its guard and stays as it was, too high (never too low: capacity holds); the reconciler repairs it.
 */
export async function releaseOwners(dropped: readonly DroppedCustomer[]): Promise<void> {
  const lost = new Map<string, { id: Types.ObjectId; n: number }>();
  for (const d of dropped) {
    const key = String(d.previousOwnerId);
    lost.set(key, { id: d.previousOwnerId, n: (lost.get(key)?.n ?? 0) + 1 });
  }
  const owners = [...lost.values()];
  for (let i = 0; i < owners.length; i += RELEASE_CHUNK) {
    const chunk = owners.slice(i, i + RELEASE_CHUNK);
    const counters = await EmployeeModel.collection
      .find({ _id: { $in: chunk.map((o) => o.id) } }, { projection: { privateCount: 1 } })
      .toArray();
    const counted = new Map(counters.map((e) => [String(e._id), Number(e.privateCount ?? 0)]));
    const covered = chunk.filter((o) => (counted.get(String(o.id)) ?? 0) >= o.n);
    if (covered.length > 0) {
      // What the schema's timestamps would add.
      const updatedAt = new Date();
      await EmployeeModel.collection.bulkWrite(
        covered.map(({ id, n }) => ({
          updateOne: {
            filter: { _id: id, privateCount: { $gte: n } },
            update: { $inc: { privateCount: -n }, $set: { updatedAt } },
          },
        })),
        { ordered: false },
      );
    }
    for (const { id, n } of chunk.filter((o) => counted.has(String(o.id)) && !covered.includes(o))) {
      for (let unit = 0; unit < n; unit++) {
        await releaseCapacity(id, 'privateCount');
      }
    }
  }
}

/** Drops the due ones among the candidates as just read; one that is no longer due is left alone. */
export async function dropBatch(
  loaded: readonly Customer[],
  ctx: DomainContext,
  rules: Rules,
  concurrency = 8,
  options: { releaseOwners?: boolean } = {},
): Promise<DropBatchResult> {
  const plan = dropPlan(ctx, rules);
  const dropped: DroppedCustomer[] = [];
  // The department whose rules the customer dropped under (the owner's, gone from the dropped document).
  const departmentOf = new Map<string, number | null>();
  // One guarded bulk write for the batch; a customer changed meanwhile is decided again on its own.
  const { changed, failures } = await changeCustomersAtOnce(loaded, ctx, plan, concurrency);
  for (const result of changed) {
    dropped.push(droppedFrom(result.before, result.after));
    departmentOf.set(String(result.after._id), result.before.ownerDepartmentId ?? null);
  }
  const notices = await Promise.all(
    dropped.map(async (d) => ({
      employeeId: d.previousOwnerId,
      item: {
        key: `${String(d.customer._id)}:${d.customer.version}`,
        customerId: d.customer._id,
        customerName: d.customer.name,
        reason: d.reason,
        detail: dropReasonText(
          d.reason,
          { grade: d.customer.grade },
          await rules(departmentOf.get(String(d.customer._id)) ?? null),
        ),
        at: ctx.now,
      },
    })),
  );
  // The notices, the ledger copies and (alone) the owners' capacity are independent writes: at once.
  await Promise.all([
    addNotices('drop', notices),
    copyToLedger(dropped.flatMap((d) => d.customer.ledgerOutbox)),
    // The sweep gives capacity back once per owner for all its batches (releaseOwners: false).
    options.releaseOwners !== false ? releaseOwners(dropped) : undefined,
  ]);
  return {
    dropped,
    failed: failures.map((f) => ({ customerId: String(f.item._id), error: errorMessage(f.error) })),
  };
}
