import type { Types } from 'mongoose';
import type { Customer } from '../customers/customer.model.js';
import { flushLedgerOutboxes } from '../customers/customer-change.js';
import { changeCustomersAtOnce } from '../customers/customer-change-batch.js';
import { addNotices } from '../messages/pending-notices.js';
import { EmployeeModel } from '../org/employee.model.js';
import { releaseCapacity } from '../pool/counters.js';
import type { poolRulesResolver } from '../pool/pool-rules.js';
import type { DomainContext } from '../shared/domain-context.js';
import { errorMessage, runBounded } from '../shared/run-bounded.js';
import { dropReasonText } from './drop-reasons.js';
import { droppedFrom, dropPlan, type DroppedCustomer } from './drop-customer.js';

// A batch of the drop sweep: the same guarded change per customer as dropCustomer() (its version filter is
// what makes a drop exact under concurrent writers), all in one bulk write (customer-change-batch.ts), with
// everything around it done once per batch: the customers come as the sweep's cursor read them (no second
// read), one insert of their ledger entries (and one update clearing the outboxes), one insert of the
// notices; capacity goes back once per owner per sweep. A crash inside a batch leaves what dropCustomer()
// leaves, only for more customers at once: outboxes the start-up flush copies, counters too high that the
// reconciler repairs.

type Rules = ReturnType<typeof poolRulesResolver>;

export interface DropBatchResult {
  dropped: DroppedCustomer[];
  failed: { customerId: string; error: string }[];
}

// Owners' counters updated at once: each its own guarded update (a sweep tells ~1,000 reps), a few in flight.
const RELEASE_CONCURRENCY = 8;

/** Gives each previous owner back one unit per customer they lost, one update per owner. */
export async function releaseOwners(dropped: readonly DroppedCustomer[]): Promise<void> {
  const lost = new Map<string, { id: Types.ObjectId; n: number }>();
  for (const d of dropped) {
    const key = String(d.previousOwnerId);
    lost.set(key, { id: d.previousOwnerId, n: (lost.get(key)?.n ?? 0) + 1 });
  }
  const failures = await runBounded([...lost.values()], RELEASE_CONCURRENCY, async ({ id, n }) => {
    const released = await EmployeeModel.updateOne(
      { _id: id, privateCount: { $gte: n } },
      { $inc: { privateCount: -n } },
    );
    if (released.matchedCount === 0) {
      // A counter already too low (it never goes below zero): one unit at a time, each clamped.
      for (let i = 0; i < n; i++) {
        await releaseCapacity(id, 'privateCount');
      }
    }
  });
  if (failures.length > 0) {
    throw failures[0]!.error;
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
  await flushLedgerOutboxes(dropped.map((d) => d.customer));
  // The sweep gives capacity back once per owner for all its batches (releaseOwners: false).
  if (options.releaseOwners !== false) {
    await releaseOwners(dropped);
  }
  await addNotices(
    'drop',
    await Promise.all(
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
    ),
  );
  return {
    dropped,
    failed: failures.map((f) => ({ customerId: String(f.item._id), error: errorMessage(f.error) })),
  };
}
