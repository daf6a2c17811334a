import { Types } from 'mongoose';
import { findMatches, type ConflictQuery } from '../conflicts/find-matches.js';
import type { Customer } from '../customers/customer.model.js';
import { maskPhone } from '../customers/customer-access.js';
import { DepartmentModel } from '../org/department.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { actingEmployee, seesEverything } from '../org/permissions.js';
import { DAY } from '../shared/clock.js';
import type { DomainContext } from '../shared/domain-context.js';
import { consoleScope, scopeEmployees } from './console-scope.js';
import type { RowCan, RowCanOf } from './customer-row-can.js';

/** A MongoDB filter built from validated input (plain values only). */
type Filter = Record<string, unknown>;

// The console's 客户 list: every customer the viewer may see (ops: all; a manager: the customers their
// teams hold, and the public pool), filtered and paged on the server. A search goes through the
// conflict engine, so any spelling, a phone or a credit code finds the company.

export interface CustomerFilters {
  state?: 'public' | 'private' | 'staked' | 'quarantined' | 'merged';
  departmentId?: number;
  ownerId?: string;
  grade?: string;
  stage?: string;
  source?: string;
  region?: string;
  industry?: string;
  /** Private customers that drop on or before this date (YYYY-MM-DD, inclusive). */
  dropBefore?: string;
  /** Owned customers without a follow-up for at least this many days. */
  quietDays?: number;
  q?: string;
}

/** A listed customer as the domain sees it; the HTTP row is shaped by server/routes/console-customers. */
export interface ListedCustomer {
  /** The customer's listed fields, phones masked when `masked`. */
  customer: Customer;
  /** Who holds it (owner or staker), or null. */
  holder: { _id: Types.ObjectId; name: string } | null;
  /** The name of the team it answers to ('' when none). */
  team: string;
  /** When it drops, or null: it never does (locked, signed) or is not protected. */
  dropsAt: Date | null;
  /** Contacts masked: the viewer neither works nor manages it. */
  masked: boolean;
  /** The row's buttons (the policy's answers); absent in the export. */
  can?: RowCan;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The conflict engine's candidates for a free-text search (name, phone, credit code, mail, boss). */
async function searchIds(q: string): Promise<Types.ObjectId[]> {
  const query: ConflictQuery = { name: q, boss: q };
  if (/^[\d\s+()-]{7,}$/.test(q)) {
    query.phones = [q];
  }
  if (/^[0-9A-Z]{18}$/i.test(q)) {
    query.creditCode = q.toUpperCase();
  }
  if (q.includes('@')) {
    query.emails = [q];
  }
  const [matches] = await findMatches([query], { limit: 50, expandRelated: false });
  return (matches ?? []).map((m) => m.customer._id);
}

const stateFilter = (state: CustomerFilters['state']): Filter =>
  state ? { poolState: state } : { poolState: { $ne: 'merged' } };

const heldBy = (employeeId: string): Filter => {
  const id = new Types.ObjectId(employeeId);
  return { $or: [{ ownerId: id }, { stakedBy: id }] };
};

export async function customerFilter(
  filters: CustomerFilters,
  ctx: DomainContext,
): Promise<{
  viewer: Employee;
  filter: Filter;
  fullAccess: boolean;
  scopeDepartments: Set<number> | null;
  departments: { deptId: number; name: string }[];
}> {
  const viewer = await actingEmployee(ctx.actor);
  const scope = await consoleScope(viewer, filters.departmentId);
  const and: Filter[] = [];
  if (scope.departmentIds) {
    const reps = (await scopeEmployees(scope)).map((e) => e._id);
    const ids = [...scope.departmentIds];
    // A manager's view: what their teams hold; the public pool is open to everyone (not after a drill-down).
    const held: Filter[] = [{ ownerDepartmentId: { $in: ids } }, { stakedBy: { $in: reps } }];
    and.push({
      $or: filters.departmentId === undefined && !seesEverything(viewer) ? [...held, { poolState: 'public' }] : held,
    });
  }
  for (const key of ['grade', 'stage', 'source', 'region', 'industry'] as const) {
    if (filters[key]) {
      and.push(
        key === 'region' || key === 'industry'
          ? { [key]: new RegExp(escapeRegex(filters[key])) }
          : { [key]: filters[key] },
      );
    }
  }
  // Whoever sees everything sees merges' tombstones only when asked for them (a team's scope holds none).
  if (filters.state || !scope.departmentIds) and.splice(filters.state ? and.length : 0, 0, stateFilter(filters.state));
  if (filters.ownerId) and.push(heldBy(filters.ownerId));
  if (filters.dropBefore) {
    and.push({
      poolState: 'private',
      protectedUntil: { $ne: null, $lt: new Date(Date.parse(filters.dropBefore) + DAY) },
    });
  }
  if (filters.quietDays) {
    const before = new Date(ctx.now.getTime() - filters.quietDays * DAY);
    and.push(
      { poolState: 'private' },
      { $or: [{ lastFollowUpAt: { $lt: before } }, { lastFollowUpAt: null, claimedAt: { $lt: before } }] },
    );
  }
  if (filters.q) {
    and.push({ _id: { $in: await searchIds(filters.q) } });
  }
  return {
    viewer,
    filter: and.length ? { $and: and } : {},
    fullAccess: seesEverything(viewer),
    scopeDepartments: scope.departmentIds,
    departments: (await consoleScope(viewer)).departments.map((d) => ({ deptId: d.deptId, name: d.name })),
  };
}

type Access = { fullAccess: boolean; scopeDepartments: Set<number> | null };

/** The customers as the list shows them; contacts masked unless the viewer works or manages the customer. */
export async function customerRows(customers: Customer[], access: Access): Promise<ListedCustomer[]>;
export async function customerRows(
  customers: Customer[],
  access: Access,
  canOf: RowCanOf,
): Promise<(ListedCustomer & { can: RowCan })[]>;
export async function customerRows(customers: Customer[], access: Access, canOf?: RowCanOf): Promise<ListedCustomer[]> {
  const holderIds = [...new Set(customers.map((c) => String(c.ownerId ?? c.stakedBy ?? '')).filter(Boolean))];
  const holders = holderIds.length
    ? await EmployeeModel.find({ _id: { $in: holderIds } }, { name: 1, mainDepartmentId: 1 }).lean()
    : [];
  const byId = new Map(holders.map((h) => [String(h._id), h]));
  const departments = await DepartmentModel.find({}, { deptId: 1, name: 1 }).lean();
  const teamName = new Map(departments.map((d) => [d.deptId, d.name]));
  return customers.map((c) => {
    const holder = byId.get(String(c.ownerId ?? c.stakedBy ?? ''));
    const team = c.ownerDepartmentId ?? holder?.mainDepartmentId ?? null;
    const unmasked =
      access.fullAccess ||
      (c.poolState !== 'public' &&
        team !== null &&
        access.scopeDepartments !== null &&
        access.scopeDepartments.has(team));
    return {
      customer: unmasked ? c : { ...c, phones: c.phones.map(maskPhone) },
      holder: holder ? { _id: holder._id, name: holder.name } : null,
      team: team !== null ? (teamName.get(team) ?? String(team)) : '',
      dropsAt: c.locked || c.stage === 'signed' ? null : (c.protectedUntil ?? null),
      masked: !unmasked,
      ...(canOf ? { can: canOf(c, c.poolState === 'staked' ? (holder?.mainDepartmentId ?? null) : null) } : {}),
    };
  });
}

/** The fields a list row shows. */
export const listFields = {
  name: 1,
  poolState: 1,
  ownerId: 1,
  stakedBy: 1,
  ownerDepartmentId: 1,
  grade: 1,
  stage: 1,
  source: 1,
  region: 1,
  industry: 1,
  locked: 1,
  protectedUntil: 1,
  lastFollowUpAt: 1,
  phones: 1,
};
