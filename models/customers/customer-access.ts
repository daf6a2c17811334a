import type { Customer } from './customer.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { AppError } from '../shared/app-error.js';
import { policyFacts, type PolicyFacts } from '../org/policy/facts.js';
import { can, decide, holderOf } from '../org/policy/policy.js';

export interface CustomerAccess {
  /** May open the customer at all. */
  view: boolean;
  /** Owns it (private) or staked it. */
  owner: boolean;
  /** May see unmasked phone numbers and e-mail addresses. */
  contacts: boolean;
  /** The policy's facts, for the rest of the view's `can` map. */
  facts: PolicyFacts;
}

type AccessFields = Pick<Customer, 'poolState' | 'ownerId' | 'stakedBy' | 'ownerDepartmentId'>;

/**
 * What an employee may see of a customer (the policy's view and viewContacts). Public customers are open
 * to every rep (contacts masked: claim first, so the pool cannot be scraped for phone numbers); a private
 * or staked customer only to its holder, the manager of the holder's team and ops; quarantined ones only to ops.
 */
export async function customerAccess(customer: AccessFields, viewer: Employee, now: Date): Promise<CustomerAccess> {
  const facts = await policyFacts(viewer, 'view', customer, now);
  const holder = holderOf(customer);
  return {
    view: can(viewer, 'view', customer, facts),
    owner: holder != null && String(holder) === String(viewer._id),
    contacts: can(viewer, 'viewContacts', customer, facts),
    facts,
  };
}

/**
 * Refuses (403 NOT_OWNER) a viewer who may not open the customer. The refusal still says what a
 * conflict check would say — the name, state and owner — so the rep can file a complaint.
 */
export async function assertCanView(
  customer: AccessFields & Pick<Customer, '_id' | 'name'>,
  viewer: Employee,
  now: Date,
): Promise<CustomerAccess> {
  const access = await customerAccess(customer, viewer, now);
  const refusal = decide(viewer, 'view', customer, access.facts);
  if (refusal) {
    const holder = holderOf(customer);
    const holderName = holder ? ((await EmployeeModel.findById(holder, { name: 1 }).lean())?.name ?? '') : '';
    throw new AppError(
      refusal.code,
      holderName ? `该客户属于 ${holderName}，只有负责人或其主管可以查看` : refusal.message,
      {
        details: {
          customerId: String(customer._id),
          name: customer.name,
          state: customer.poolState,
          ownerName: holderName,
        },
      },
    );
  }
  return access;
}

/** 138****5678; landlines keep the area code and the last four digits. */
export function maskPhone(phone: string): string {
  if (phone.length <= 4) {
    return '*'.repeat(phone.length);
  }
  const head = phone.length >= 11 ? 3 : Math.min(4, phone.length - 4);
  return `${phone.slice(0, head)}${'*'.repeat(Math.max(4, phone.length - head - 4))}${phone.slice(-4)}`;
}

/** z***@example.com */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 0) {
    return email ? '***' : '';
  }
  return `${email[0]}***${email.slice(at)}`;
}
