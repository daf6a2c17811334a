import type { Types } from 'mongoose';
import { CustomerModel } from '../customers/customer.model.js';
import { EmployeeModel } from '../org/employee.model.js';
import { RESERVATION_IN_FLIGHT_MS, type PoolCounter } from './counters.js';
import { flushAllLedgerOutboxes } from '../customers/customer-change.js';

export interface CounterDrift {
  employeeId: string;
  name: string;
  counter: PoolCounter;
  recorded: number;
  actual: number;
  repaired: boolean;
}

export interface ReconcileReport {
  employeesChecked: number;
  drifts: CounterDrift[];
  ledgerEntriesFlushed: number;
}

async function actualCounts(
  field: 'ownerId' | 'stakedBy',
  poolState: 'private' | 'staked',
  ids?: Types.ObjectId[],
): Promise<Map<string, number>> {
  const rows = await CustomerModel.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { poolState, [field]: ids ? { $in: ids } : { $ne: null } } },
    { $group: { _id: `$${field}`, n: { $sum: 1 } } },
  ]);
  return new Map(rows.map((r) => [String(r._id), r.n]));
}

/**
 * Recomputes every employee's private-pool and staked counts from the customers and repairs drift
 * (left by a crash between a counter update and the customer update). A drift is repaired only if it
 * is still there on a second look; the repair is conditional on the recorded value, so it never overwrites
 * a concurrent change, and a counter is lowered only when nothing was reserved on it for a while (a claim
 * in flight has reserved its unit and not yet written the customer: lowering then would let the next
 * claim pass the capacity). Also flushes any ledger outbox a crash left behind.
 */
export async function reconcilePoolCounters(
  options: { dryRun?: boolean; settleMs?: number } = {},
): Promise<ReconcileReport> {
  const inFlightMs = RESERVATION_IN_FLIGHT_MS;
  const ledgerEntriesFlushed = options.dryRun ? 0 : await flushAllLedgerOutboxes();
  const employees = await EmployeeModel.find({}, { name: 1, privateCount: 1, stakedCount: 1 }).lean();
  const specs = [
    { counter: 'privateCount', field: 'ownerId', poolState: 'private' },
    { counter: 'stakedCount', field: 'stakedBy', poolState: 'staked' },
  ] as const;
  const drifts: CounterDrift[] = [];
  for (const spec of specs) {
    const actual = await actualCounts(spec.field, spec.poolState);
    const suspects = employees.filter((e) => e[spec.counter] !== (actual.get(String(e._id)) ?? 0));
    if (suspects.length === 0) {
      continue;
    }
    await new Promise((done) => setTimeout(done, options.settleMs ?? 200));
    const ids = suspects.map((e) => e._id);
    const [again, recordedNow] = await Promise.all([
      actualCounts(spec.field, spec.poolState, ids),
      EmployeeModel.find({ _id: { $in: ids } }, { [spec.counter]: 1 }).lean(),
    ]);
    const recordedById = new Map(
      recordedNow.map((e) => [String(e._id), (e as Record<string, unknown>)[spec.counter] as number]),
    );
    for (const employee of suspects) {
      const id = String(employee._id);
      const recorded = recordedById.get(id) ?? 0;
      const count = again.get(id) ?? 0;
      if (recorded === count) {
        continue;
      }
      let repaired = false;
      if (!options.dryRun) {
        const settled = { $or: [{ reservedAt: null }, { reservedAt: { $lt: new Date(Date.now() - inFlightMs) } }] };
        const res = await EmployeeModel.updateOne(
          { _id: employee._id, [spec.counter]: recorded, ...(count < recorded ? settled : {}) },
          { $set: { [spec.counter]: count } },
        );
        repaired = res.modifiedCount === 1;
      }
      drifts.push({ employeeId: id, name: employee.name, counter: spec.counter, recorded, actual: count, repaired });
    }
  }
  return { employeesChecked: employees.length, drifts, ledgerEntriesFlushed };
}
