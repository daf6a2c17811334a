import type { ListedCustomer } from '../../../models/console/customer-list.js';
import type { CustomerPage } from '../../../models/console/customer-page.js';
import type { CustomerListAnswer, CustomerRow } from './console-customers.schema.js';

// The console's 客户 list answer (GET /api/console/customers), shaped from the domain's page of listed
// customers: ids as strings, instants as ISO strings, the holder by name.

function rowOf({
  customer: c,
  holder,
  team,
  dropsAt,
  masked,
  can,
}: ListedCustomer & { can: CustomerRow['can'] }): CustomerRow {
  return {
    id: String(c._id),
    name: c.name,
    state: c.poolState,
    owner: holder ? { id: String(holder._id), name: holder.name } : null,
    team,
    grade: c.grade ?? null,
    stage: c.stage,
    source: c.source,
    region: c.region,
    industry: c.industry,
    locked: c.locked,
    protectedUntil: dropsAt?.toISOString() ?? null,
    lastFollowUpAt: c.lastFollowUpAt?.toISOString() ?? null,
    phones: c.phones,
    masked,
    can,
  };
}

export function presentCustomerPage(page: CustomerPage): CustomerListAnswer {
  return {
    departments: page.departments,
    items: page.items.map(rowOf),
    page: page.page,
    pageSize: page.pageSize,
    total: page.total,
    more: page.more,
    next: page.next,
  };
}
