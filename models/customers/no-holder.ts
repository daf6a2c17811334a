import type { Customer } from './customer.model.js';

/** The holder fields of a customer nobody holds: no owner, no stake, no lock, no drop date. */
export const noHolder = {
  ownerId: null,
  ownerDepartmentId: null,
  claimedAt: null,
  protectedUntil: null,
  dropReason: null,
  locked: false,
  lockedBy: null,
  stakedBy: null,
  stakedAt: null,
  stakeDeadline: null,
} as const satisfies Partial<Customer>;
