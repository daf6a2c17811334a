import type { Types } from 'mongoose';
import type { Employee } from '../../org/employee.model.js';
import { actingEmployee } from '../../org/permissions.js';
import { poolRulesResolver } from '../../pool/pool-rules.js';
import { computeProtection } from '../../pool/protection.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { changeCustomer, loadCustomer } from '../customer-change.js';
import type { Customer } from '../customer.model.js';

// The customer keeps its latest moves for the detail page and digests; the ledger keeps all of them,
// so repeated changes cannot grow the customer document without bound.
const HISTORY_KEPT = 100;

/** What a move changes besides the field itself, and the reason its history and the ledger keep. */
export interface Move {
  set: Partial<Customer>;
  reason: string;
}

/**
 * A move of the grade or the stage: `decide` authorises it (throwing a refusal) and answers what else it
 * changes, or null when there is nothing to do; the move is kept in its history and the ledger, and the
 * drop date follows.
 */
export async function moveCustomer<F extends 'grade' | 'stage'>(
  customerId: Types.ObjectId | string,
  field: F,
  to: Customer[F],
  decide: (employee: Employee, current: Customer) => Promise<Move | null>,
  ctx: DomainContext,
): Promise<Customer> {
  const employee = await actingEmployee(ctx.actor);
  const rules = poolRulesResolver(ctx.config);
  const result = await changeCustomer(customerId, ctx, async (current) => {
    const move = await decide(employee, current);
    if (!move) {
      return null;
    }
    const set: Partial<Customer> = { [field]: to, ...move.set };
    Object.assign(
      set,
      computeProtection({ ...current, ...set }, await rules(current.ownerDepartmentId ?? null), ctx.config.timezone),
    );
    const entry = { from: current[field], to, at: ctx.now, by: employee._id, reason: move.reason };
    return {
      set,
      push: { [`${field}History`]: { $each: [entry], $slice: -HISTORY_KEPT } },
      ledger: { action: field, reason: move.reason },
    };
  });
  return result?.after ?? loadCustomer(customerId);
}
