import type { DropReason } from '../customers/customer.model.js';
import { businessDate, daysBetween } from '../shared/business-day.js';

export interface DropCountdown {
  /** The instant the customer drops to the public pool. */
  at: string;
  /** Whole days of protection left after today: 0 = drops tonight, 1 = drops at the end of tomorrow. */
  daysLeft: number;
  reason: DropReason | null;
}

/** How long a private customer stays protected, counted in the company's business days. */
export function dropCountdown(
  protectedUntil: Date,
  reason: DropReason | null,
  now: Date,
  timeZone: string,
): DropCountdown {
  // protectedUntil is the start of the drop day, so the last protected day is the one before it.
  const lastDay = businessDate(new Date(protectedUntil.getTime() - 1), timeZone);
  return { at: protectedUntil.toISOString(), daysLeft: daysBetween(businessDate(now, timeZone), lastDay), reason };
}
