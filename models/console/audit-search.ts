import type { Types } from 'mongoose';
import { CustomerModel } from '../customers/customer.model.js';
import { LedgerEntryModel, type LedgerEntry } from '../customers/ledger-entry.model.js';
import { AuditEntryModel, type AuditEntry } from '../org/audit-entry.model.js';
import { EmployeeModel } from '../org/employee.model.js';
import { actingEmployee, seesEverything } from '../org/permissions.js';
import { AppError } from '../shared/app-error.js';
import { DAY } from '../shared/clock.js';
import { startOfBusinessDate } from '../shared/business-day.js';
import type { DomainContext } from '../shared/domain-context.js';
import { PAGES_AHEAD } from './customer-page.js';

/** A MongoDB filter built from validated input (plain values only). */
type Filter = Record<string, unknown>;

// 审计: the customers' ledger searched by customer, employee, action and date, newest first; and the
// trail of rule and role changes. Sales ops and admins only.

export interface AuditFilters {
  customerId?: string;
  employeeId?: string;
  action?: string;
  /** Business dates, inclusive. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** Names of the employees (and customers) entries mention ('' for an unknown id). */
export type NameOf = (id: Types.ObjectId | string | null | undefined) => string;

/** A page of the ledger as the domain finds it; the HTTP rows are shaped by server/routes/console-audit. */
export interface LedgerPage {
  entries: LedgerEntry[];
  employeeName: NameOf;
  customerName: NameOf;
  /** Entries up to PAGES_AHEAD pages past this one; more follow when `more`. */
  total: number;
  more: boolean;
  page: number;
  pageSize: number;
}

export interface SettingChanges {
  entries: (AuditEntry & { _id: Types.ObjectId })[];
  employeeName: NameOf;
}

async function assertAuditor(ctx: DomainContext): Promise<void> {
  if (!seesEverything(await actingEmployee(ctx.actor))) {
    throw new AppError('FORBIDDEN', '只有销售运营和管理员可以查看审计记录');
  }
}

function dateRange(filters: Pick<AuditFilters, 'from' | 'to'>, timeZone: string): Record<string, Date> | null {
  const range: Record<string, Date> = {};
  if (filters.from) range.$gte = startOfBusinessDate(filters.from, timeZone);
  if (filters.to) range.$lt = new Date(startOfBusinessDate(filters.to, timeZone).getTime() + DAY);
  return Object.keys(range).length ? range : null;
}

async function namesOf(ids: (Types.ObjectId | null | undefined)[]): Promise<NameOf> {
  const unique = [...new Set(ids.filter((id) => id != null).map(String))];
  const employees = unique.length ? await EmployeeModel.find({ _id: { $in: unique } }, { name: 1 }).lean() : [];
  const names = new Map(employees.map((e) => [String(e._id), e.name]));
  return (id) => (id ? (names.get(String(id)) ?? '') : '');
}

export async function searchLedger(filters: AuditFilters, ctx: DomainContext): Promise<LedgerPage> {
  await assertAuditor(ctx);
  const filter: Filter = {};
  if (filters.customerId) filter.customerId = filters.customerId;
  if (filters.action) filter.action = filters.action;
  if (filters.employeeId) {
    // The employee acted, or the customer came to or left them.
    filter.$or = [
      { actorId: filters.employeeId },
      { 'before.ownerId': filters.employeeId },
      { 'after.ownerId': filters.employeeId },
    ];
  }
  const range = dateRange(filters, ctx.config.timezone);
  if (range) filter.at = range;
  const { page, pageSize } = filters;
  // Newest first, as a walk of an index in that order ({at: -1}, or the filter's field then at) that stops
  // PAGES_AHEAD pages past this one: the total counts that far.
  const skip = (page - 1) * pageSize;
  const ahead = pageSize * (PAGES_AHEAD + 1) + 1;
  const ids = (
    await LedgerEntryModel.find(filter, { _id: 1 })
      .sort({ at: -1, _id: -1 })
      .skip(skip)
      .limit(ahead)
      .lean<{ _id: string }[]>()
  ).map((e) => e._id);
  const pageIds = ids.slice(0, pageSize);
  const found = pageIds.length ? await LedgerEntryModel.find({ _id: { $in: pageIds } }).lean<LedgerEntry[]>() : [];
  const byId = new Map(found.map((e) => [e._id, e]));
  const entries = pageIds.map((id) => byId.get(id)).filter((e): e is LedgerEntry => e !== undefined);
  const customerIds = [...new Set(entries.map((e) => String(e.customerId)))];
  const customers = customerIds.length
    ? await CustomerModel.find({ _id: { $in: customerIds } }, { name: 1 }).lean()
    : [];
  const customerNames = new Map(customers.map((c) => [String(c._id), c.name]));
  return {
    entries,
    employeeName: await namesOf(entries.map((e) => e.actorId)),
    customerName: (id) => customerNames.get(String(id)) ?? '',
    total: skip + Math.min(ids.length, ahead - 1),
    more: ids.length === ahead,
    page: filters.page,
    pageSize: filters.pageSize,
  };
}

export async function searchSettingChanges(
  filters: Pick<AuditFilters, 'from' | 'to'>,
  ctx: DomainContext,
): Promise<SettingChanges> {
  await assertAuditor(ctx);
  const range = dateRange(filters, ctx.config.timezone);
  const entries = await AuditEntryModel.find(range ? { at: range } : {})
    .sort({ at: -1 })
    .limit(200)
    .lean<(AuditEntry & { _id: Types.ObjectId })[]>();
  return { entries, employeeName: await namesOf(entries.map((e) => e.actorId)) };
}
