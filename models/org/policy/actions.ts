import type { Types } from 'mongoose';
import type { Role } from '../employee.model.js';

// The actions the policy decides, grouped by what they act on. Adding an action: name it in one of
// these lists, give it a rule in rules.ts (the type checker refuses a missing one), call authorize()
// in the command and read can() in the views.

/** Actions on one customer. */
export const customerActions = [
  'view',
  'viewContacts',
  'unmask',
  'claim',
  'stake',
  'release',
  'unstake',
  'changeGrade',
  'changeStage',
  'markSigned',
  'revertSigned',
  'updateProfile',
  'editContacts',
  'manageOpportunities',
  'followUp',
  'lock',
  'unlock',
  'requestLock',
  'autoAssign',
  'quarantine',
  'restore',
  'fileCase',
  'merge',
  // Offering 分配/转交 of this customer at all (the console's button); `reassign` decides each receiver.
  'move',
] as const;

/** Moving a customer to another employee (分配/转交, inheritance, rulings). */
export const reassignActions = ['reassign'] as const;

/** Actions on an employee: handing over their customers (离职/在职继承), changing their role, marking them away. */
export const employeeActions = ['handOver', 'changeRole', 'setAway'] as const;

/** Company-wide actions of the console: rulings, rules, data cleaning, WeCom events. */
export const companyActions = [
  'ruleCase',
  'changeRules',
  'manageWecomEvents',
  'importCustomers',
  'reviewDuplicates',
  'createCustomer',
] as const;

export type CustomerAction = (typeof customerActions)[number];
export type ReassignAction = (typeof reassignActions)[number];
export type EmployeeAction = (typeof employeeActions)[number];
export type CompanyAction = (typeof companyActions)[number];
export type Action = CustomerAction | ReassignAction | EmployeeAction | CompanyAction;

/** The acting employee as the policy needs it (an active employee: see actingEmployee()). */
export interface PolicyActor {
  _id: Types.ObjectId;
  role: Role;
}

/** The customer fields the policy reads; a lean Customer fits. */
export interface PolicyCustomer {
  poolState: 'public' | 'private' | 'staked' | 'quarantined' | 'merged';
  ownerId?: Types.ObjectId | null;
  ownerDepartmentId?: number | null;
  stakedBy?: Types.ObjectId | null;
  stage?: string | null;
  locked?: boolean | null;
  cooldowns?: { employeeId: Types.ObjectId; until: Date }[] | null;
}

/** An employee acted on (the departing rep of a handover, the receiver of a reassignment). */
export interface PolicyEmployee {
  _id: Types.ObjectId;
  name?: string;
  mainDepartmentId?: number | null;
}

/** What each action acts on. */
export type SubjectOf<A extends Action> = A extends CustomerAction
  ? PolicyCustomer
  : A extends ReassignAction
    ? { customer: PolicyCustomer; target: PolicyEmployee }
    : A extends EmployeeAction
      ? PolicyEmployee
      : null;
