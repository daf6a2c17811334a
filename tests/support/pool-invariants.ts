import { CustomerModel, type Customer } from '../../models/customers/customer.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { LedgerEntryModel, type LedgerEntry } from '../../models/customers/ledger-entry.model.js';

// The pool's invariants, read straight from the database after a hostile run: each customer in
// exactly one state, counters that match the customers, capacity kept, and a ledger whose entries
// chain from the creation to the customer's current owner with no change missing.

export interface InvariantReport {
  customers: number;
  ledgerEntries: number;
  /** Each a sentence naming the customer or employee that breaks an invariant. */
  violations: string[];
}

type Ownership = { poolState: unknown; ownerId: string | null; stakedBy: string | null };

type IdLike = { toString(): string } | null | undefined;

function ownershipOf(doc: { poolState?: unknown; ownerId?: IdLike; stakedBy?: IdLike } | undefined): Ownership {
  return {
    poolState: doc?.poolState,
    ownerId: doc?.ownerId ? doc.ownerId.toString() : null,
    stakedBy: doc?.stakedBy ? doc.stakedBy.toString() : null,
  };
}

const same = (a: Ownership, b: Ownership) =>
  a.poolState === b.poolState && a.ownerId === b.ownerId && a.stakedBy === b.stakedBy;

function stateViolation(c: Customer): string | null {
  const owner = c.ownerId !== null && c.ownerId !== undefined;
  const staker = c.stakedBy !== null && c.stakedBy !== undefined;
  const ok = {
    private: owner && !staker,
    public: !owner && !staker,
    staked: staker && !owner,
    quarantined: !owner && !staker,
    merged: !owner && !staker,
  }[c.poolState];
  return ok
    ? null
    : `customer ${String(c._id)} is ${c.poolState} with owner ${String(c.ownerId)} and staker ${String(c.stakedBy)}`;
}

/** Checks every invariant; `capacity` is the private-pool capacity every employee has in the run. */
export async function checkPoolInvariants(capacity: number): Promise<InvariantReport> {
  const violations: string[] = [];
  const customers = await CustomerModel.find(
    {},
    { poolState: 1, ownerId: 1, stakedBy: 1, version: 1, ledgerOutbox: 1 },
  ).lean<Customer[]>();
  const entries = await LedgerEntryModel.find({}, { customerId: 1, action: 1, before: 1, after: 1 }).lean<
    LedgerEntry[]
  >();

  const privateBy = new Map<string, number>();
  for (const c of customers) {
    const problem = stateViolation(c);
    if (problem) {
      violations.push(problem);
    }
    if (c.poolState === 'private') {
      privateBy.set(String(c.ownerId), (privateBy.get(String(c.ownerId)) ?? 0) + 1);
    }
  }
  for (const e of await EmployeeModel.find({}, { name: 1, privateCount: 1 }).lean()) {
    const actual = privateBy.get(String(e._id)) ?? 0;
    if (e.privateCount !== actual) {
      violations.push(`${e.name}'s privateCount is ${e.privateCount} but ${actual} customers are theirs`);
    }
    if (actual > capacity) {
      violations.push(`${e.name} holds ${actual} private customers, over the capacity of ${capacity}`);
    }
  }

  // Entries not yet copied out of a customer's outbox count too (same ids, so never twice).
  const byCustomer = new Map<string, Map<string, LedgerEntry>>();
  for (const entry of [...entries, ...customers.flatMap((c) => c.ledgerOutbox as LedgerEntry[])]) {
    const list = byCustomer.get(String(entry.customerId)) ?? new Map<string, LedgerEntry>();
    list.set(entry._id, entry);
    byCustomer.set(String(entry.customerId), list);
  }
  for (const c of customers) {
    const chain = [...(byCustomer.get(String(c._id))?.values() ?? [])].sort(
      (a, b) => Number(a._id.split(':')[1]) - Number(b._id.split(':')[1]),
    );
    if (chain[0]?.action !== 'create') {
      violations.push(`customer ${String(c._id)}'s ledger does not start with its creation`);
      continue;
    }
    for (let i = 1; i < chain.length; i++) {
      if (!same(ownershipOf(chain[i - 1]!.after as Ownership), ownershipOf(chain[i]!.before as Ownership))) {
        violations.push(
          `customer ${String(c._id)}: an ownership change between ledger entries ${chain[i - 1]!._id} and ${chain[i]!._id} is not in the ledger`,
        );
      }
    }
    if (!same(ownershipOf(chain.at(-1)!.after as Ownership), ownershipOf(c))) {
      violations.push(
        `customer ${String(c._id)}: its current owner differs from its last ledger entry ${chain.at(-1)!._id}`,
      );
    }
  }
  return { customers: customers.length, ledgerEntries: entries.length, violations };
}
