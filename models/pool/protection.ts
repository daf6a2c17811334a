import type { Grade, PoolRules } from '../../config/pool-rules.js';
import type { Customer, DropReason } from '../customers/customer.model.js';
import { startOfBusinessDay } from '../shared/business-day.js';

export type ProtectionInput = Pick<
  Customer,
  'poolState' | 'locked' | 'stage' | 'claimedAt' | 'lastValidFollowUpAt' | 'grade'
>;

export interface Protection {
  protectedUntil: Date | null;
  dropReason: DropReason | null;
}

/** Days a customer of this grade may go without a valid follow-up. */
export function idleDaysFor(grade: Grade | null | undefined, rules: PoolRules): number {
  return (grade ? rules.dropNoFollowUpDaysByGrade[grade] : undefined) ?? rules.dropNoFollowUpDays;
}

/**
 * When a private customer drops (掉保): N days without a valid follow-up, counted from the later of
 * the claim and the last valid follow-up, or M days after the claim without a deal, whichever is
 * first. Days are whole business days: protection lasts to the end of the Nth day after the start,
 * so a customer followed up on 1 March with N = 30 is protected through 31 March and drops at the
 * start of 1 April. Public, locked and signed customers never drop.
 */
export function computeProtection(customer: ProtectionInput, rules: PoolRules, timeZone: string): Protection {
  if (customer.poolState !== 'private' || customer.locked || customer.stage === 'signed' || !customer.claimedAt) {
    return { protectedUntil: null, dropReason: null };
  }
  const claimedAt = customer.claimedAt;
  const lastValid = customer.lastValidFollowUpAt;
  const clockStart = lastValid && lastValid > claimedAt ? lastValid : claimedAt;
  const idleDrop = startOfBusinessDay(clockStart, timeZone, idleDaysFor(customer.grade, rules) + 1);
  // A contract in progress counts as the deal: only the idle rule still applies.
  const dealDrop =
    customer.stage === 'contract' ? null : startOfBusinessDay(claimedAt, timeZone, rules.dropNoDealDays + 1);
  if (dealDrop && dealDrop < idleDrop) {
    return { protectedUntil: dealDrop, dropReason: 'no-deal' };
  }
  return { protectedUntil: idleDrop, dropReason: 'no-valid-follow-up' };
}
