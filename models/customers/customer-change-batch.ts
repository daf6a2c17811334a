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
// written with the same version filter as changeCustomer(), all in one bulk write; one read afterwards tells
// which landed. A customer some other writer changed in between is changed on its own, decided again on fresh
// data (changeCustomer). Outboxes are left for the caller to copy (flushLedgerOutboxes).

type Planned = { current: Customer; decided: CustomerChangePlan };

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

export async function changeCustomersAtOnce(
  loaded: readonly Customer[],
  ctx: DomainContext,
  plan: PlanChange,
  concurrency = 8,
): Promise<{ changed: CustomerChangeResult[]; failures: ItemFailure<Customer>[] }> {
  const planned: Planned[] = [];
  const failures: ItemFailure<Customer>[] = [];
  for (const current of loaded) {
    try {
      const decided = await plan(current);
      if (decided) {
        planned.push({ current, decided });
      }
    } catch (error) {
      failures.push({ item: current, error });
    }
  }
  if (planned.length > 0) {
    const writes = planned.map((p) => ({
      updateOne: {
        filter: { _id: p.current._id, version: p.current.version },
        update: changeUpdate(p.current, p.decided, ctx),
      },
    }));
    // A write that fails shows as not landed below and is retried on its own, which reports its error.
    await CustomerModel.bulkWrite(writes, { ordered: false }).catch(() => undefined);
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
      await settleChange(p.current, after!, { flushOutbox: false });
      changed.push({ before: p.current, after: after! });
    } else {
      missed.push(p.current);
    }
  }
  failures.push(
    ...(await runBounded(missed, concurrency, async (customer) => {
      const result = await changeCustomer(customer._id, ctx, plan, { deferFlush: true });
      if (result) {
        changed.push(result);
      }
    })),
  );
  return { changed, failures };
}
