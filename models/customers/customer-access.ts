import type { Customer } from './customer.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { AppError } from '../shared/app-error.js';
import { canManageDepartment, sameId, seesEverything } from '../org/permissions.js';

export interface CustomerAccess {
  /** May open the customer at all. */
  view: boolean;
  /** Owns it (private) or staked it. */
  owner: boolean;
  /** Manages it: the owner's team manager, ops or an admin (any manager for a public customer). */
  manage: boolean;
  /** May see unmasked phone numbers and e-mail addresses. */
  contacts: boolean;
}

/** The department whose manager manages the customer: the owner's, or the staker's. */
async function responsibleDepartment(
  customer: Pick<Customer, 'ownerDepartmentId' | 'stakedBy' | 'poolState'>,
): Promise<number | null> {
  if (customer.ownerDepartmentId != null) {
    return customer.ownerDepartmentId;
  }
  if (customer.poolState === 'staked' && customer.stakedBy) {
    return (await EmployeeModel.findById(customer.stakedBy, { mainDepartmentId: 1 }).lean())?.mainDepartmentId ?? null;
  }
  return null;
}

/**
 * What an employee may do with a customer. Public customers are open to every rep (contacts masked:
 * claim first, so the pool cannot be scraped for phone numbers); a private or staked customer only to
 * its owner and the managers above them; quarantined ones only to ops.
 */
export async function customerAccess(
  customer: Pick<Customer, 'poolState' | 'ownerId' | 'stakedBy' | 'ownerDepartmentId'>,
  viewer: Employee,
): Promise<CustomerAccess> {
  const owner = sameId(customer.ownerId ?? customer.stakedBy, viewer._id);
  let manage: boolean;
  if (seesEverything(viewer)) {
    manage = true;
  } else if (viewer.role !== 'manager') {
    manage = false;
  } else if (customer.poolState === 'public') {
    manage = true;
  } else {
    manage = await canManageDepartment(viewer, await responsibleDepartment(customer));
  }
  const view =
    customer.poolState === 'quarantined' ? seesEverything(viewer) : customer.poolState === 'public' || owner || manage;
  return { view, owner, manage, contacts: owner || manage };
}

/**
 * Refuses (403 NOT_OWNER) a viewer who may not open the customer. The refusal still says what a
 * conflict check would say — the name, state and owner — so the rep can file a complaint.
 */
export async function assertCanView(
  customer: Pick<Customer, '_id' | 'name' | 'poolState' | 'ownerId' | 'stakedBy' | 'ownerDepartmentId'>,
  viewer: Employee,
): Promise<CustomerAccess> {
  const access = await customerAccess(customer, viewer);
  if (!access.view) {
    const holder = customer.ownerId ?? customer.stakedBy;
    const holderName = holder ? ((await EmployeeModel.findById(holder, { name: 1 }).lean())?.name ?? '') : '';
    throw new AppError(
      'NOT_OWNER',
      holderName ? `该客户属于 ${holderName}，只有负责人或其主管可以查看` : '你没有权限查看该客户',
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
