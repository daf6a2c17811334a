import type { Customer } from './customer.model.js';
import type { Employee } from '../org/employee.model.js';
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
 * Refuses (403 NOT_OWNER) a viewer who may not open the customer. The refusal names neither the customer
 * nor its holder: otherwise walking ids would list every private customer and its owner. The conflict
 * check, rate-limited, is the one place that says who holds a company.
 */
export async function assertCanView(
  customer: AccessFields & Pick<Customer, '_id' | 'name'>,
  viewer: Employee,
  now: Date,
): Promise<CustomerAccess> {
  const access = await customerAccess(customer, viewer, now);
  const refusal = decide(viewer, 'view', customer, access.facts);
  if (refusal) {
    throw new AppError(refusal.code, '你没有权限查看该客户（可用查重查看归属）', {
      details: { customerId: String(customer._id) },
    });
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

/** 王建国 → 王**: enough to recognise a known boss, not enough to cold-call one. */
export function maskPerson(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** wxid_ab12cd → wx********: enough to recognise, not enough to add. */
export function maskWechat(id: string): string {
  return id ? `${[...id].slice(0, 2).join('')}${'*'.repeat(Math.max(4, [...id].length - 2))}` : '';
}
