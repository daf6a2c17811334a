import type { Employee } from './employee.model.js';

// Away (休假/外出): an employee marked away by ops or their manager. Whoever hands out work by itself
// (automatic assignment of new leads) skips employees away at that moment; nothing else changes —
// their customers stay theirs and keep their drop dates.

export type Away = NonNullable<Employee['away']>;

/** Whether the employee is away at `now` (a period set ahead of time starts at `since`). */
export function isAway(employee: Pick<Employee, 'away'>, now: Date): boolean {
  const away = employee.away;
  return away != null && away.since <= now && (away.until == null || away.until > now);
}

/**
 * A MongoDB filter for employees not away at `now`, to combine with others (e.g. `{ ...notAwayFilter(now),
 * status: 'active' }`). Valid on the embedded database and on MongoDB.
 */
export function notAwayFilter(now: Date): Record<string, unknown> {
  return { $or: [{ away: null }, { 'away.since': { $gt: now } }, { 'away.until': { $lte: now } }] };
}
