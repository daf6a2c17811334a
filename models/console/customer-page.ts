import { Types } from 'mongoose';
import { CustomerModel, type Customer } from '../customers/customer.model.js';
import type { DomainContext } from '../shared/domain-context.js';
import {
  customerFilter,
  customerRows,
  listFields,
  type CustomerFilters,
  type ListedCustomer,
} from './customer-list.js';
import { rowCanFor, type RowCan } from './customer-row-can.js';

/** A MongoDB filter built from validated input (plain values only). */
type Filter = Record<string, unknown>;

export interface CustomerPage {
  /** The departments the viewer may filter by. */
  departments: { deptId: number; name: string }[];
  items: (ListedCustomer & { can: RowCan })[];
  page: number;
  pageSize: number;
  /** Customers up to the counting horizon (PAGES_AHEAD pages past this one); more follow when `more`. */
  total: number;
  more: boolean;
  /** The cursor of the next page (the last customer of this one), or null when this page is the last. */
  next: string | null;
}

/** Where a page starts: after the cursor of an earlier page (`from` is the page right after it), or at the top. */
export interface PageRequest {
  page: number;
  pageSize: number;
  after?: string;
  from?: number;
}

/** How far past the page shown the list counts: the total stops there ("N+"), as MongoDB would not count 200k. */
export const PAGES_AHEAD = 10;

/**
 * One page of the customers the viewer may see, newest first: keyset paging in _id order (on MongoDB and on
 * the embedded server a walk of the _id index that stops at the page), from the cursor of an earlier page
 * when the console has one. The ids read run PAGES_AHEAD pages past the page, so the total counts that far.
 */
export async function listConsoleCustomers(
  input: CustomerFilters & PageRequest,
  ctx: DomainContext,
): Promise<CustomerPage> {
  const { filter, departments, viewer, ...access } = await customerFilter(input, ctx);
  const { page, pageSize } = input;
  const cursorFrom = input.from ?? page;
  const cursor = input.after && cursorFrom <= page ? { after: input.after, from: cursorFrom } : null;
  const from = cursor?.from ?? 1;
  const skip = (page - from) * pageSize;
  const horizon = skip + pageSize * (PAGES_AHEAD + 1) + 1;
  const bounded = cursor
    ? { $and: [...((filter.$and as Filter[] | undefined) ?? []), { _id: { $lt: new Types.ObjectId(cursor.after) } }] }
    : filter;
  const ids = (
    await CustomerModel.find(bounded, { _id: 1 }).sort({ _id: -1 }).limit(horizon).lean<{ _id: Types.ObjectId }[]>()
  ).map((c) => c._id);
  const pageIds = ids.slice(skip, skip + pageSize);
  const found = pageIds.length
    ? await CustomerModel.find({ _id: { $in: pageIds } }, listFields).lean<Customer[]>()
    : [];
  const byId = new Map(found.map((c) => [String(c._id), c]));
  const customers = pageIds.map((id) => byId.get(String(id))).filter((c): c is Customer => c !== undefined);
  const items = await customerRows(customers, access, await rowCanFor(viewer, ctx.now));
  const more = ids.length === horizon;
  const last = pageIds.at(-1);
  return {
    departments,
    items,
    page,
    pageSize,
    total: (from - 1) * pageSize + Math.min(ids.length, horizon - 1),
    more,
    next: last && ids.length > skip + pageSize ? String(last) : null,
  };
}
