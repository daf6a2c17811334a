import type { CustomerBook } from '../../../models/pool/my-customers.js';
import type { CustomerBookAnswer } from './my.schema.js';
import { idAndName } from '../../../models/shared/id-and-name.js';

// The 我的客户 answer (GET /api/my/customers, and the book on a manager's drill-down), shaped from the
// domain's book: ids as strings, instants as ISO strings.

export function presentCustomerBook(book: CustomerBook): CustomerBookAnswer {
  return {
    employee: { id: book.employee.id, name: book.employee.name },
    pool: book.employee.pool,
    private: book.private.map(({ customer: c, drop, can }) => ({
      ...idAndName(c),
      grade: c.grade ?? null,
      stage: c.stage,
      locked: c.locked,
      completeness: c.completeness,
      lastValidFollowUpAt: c.lastValidFollowUpAt?.toISOString() ?? null,
      drop,
      can,
    })),
    staked: book.staked.map(({ customer: c, daysLeft, can }) => ({
      ...idAndName(c),
      completeness: c.completeness,
      greened: c.greenedAt != null,
      stakeDeadline: c.stakeDeadline?.toISOString() ?? null,
      daysLeft,
      can,
    })),
  };
}
