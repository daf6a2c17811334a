import type { Types } from 'mongoose';

// Per-process hints for reserveClaim (counters.ts) about the business day an employee's claim count started on.

// The business day each employee's claim count was last seen started on by this process: concurrent first claims
// of a day go straight to the same-day update instead of each missing the new-day one first. Only a hint (both
// updates keep their conditions), so a stale or forgotten entry costs one update that misses, never a wrong count.
const startedDay = new Map<string, string>();
const REMEMBERED_DAYS = 10_000;

export function rememberStartedDay(employeeId: Types.ObjectId, day: string): void {
  const key = String(employeeId);
  startedDay.delete(key);
  startedDay.set(key, day);
  if (startedDay.size > REMEMBERED_DAYS) {
    startedDay.delete(startedDay.keys().next().value!);
  }
}

// A new-day update in flight per employee: a claim that would try one too waits for it and then counts on that day.
const starting = new Map<string, Promise<unknown>>();

/**
 * Whether this process saw the employee's count of `day` started, after waiting for a start in flight; answered
 * synchronously (a settled promise) when none is, so concurrent callers see each other's starts.
 */
export function dayStartedHere(employeeId: Types.ObjectId, day: string): boolean | Promise<boolean> {
  const key = String(employeeId);
  const inFlight = starting.get(key);
  if (!inFlight) {
    return startedDay.get(key) === day;
  }
  return inFlight.then(
    () => startedDay.get(key) === day,
    () => startedDay.get(key) === day,
  );
}

export function startingDay<T>(employeeId: Types.ObjectId, update: () => Promise<T>): Promise<T> {
  const key = String(employeeId);
  const attempt = update();
  starting.set(key, attempt);
  const forget = () => {
    if (starting.get(key) === attempt) {
      starting.delete(key);
    }
  };
  attempt.then(forget, forget);
  return attempt;
}
