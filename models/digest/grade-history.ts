import { Types } from 'mongoose';
import { LedgerEntryModel } from '../customers/ledger-entry.model.js';
import type { ReviewLedgerEntry } from './review-data.js';
import type { ReviewScope } from './review-scopes.js';

// The no-new-A-class alarm of a team needs the team's last new A-class customer and whether the team is
// known for the alarm's days. A team with a new A inside the alarm's window (loaded with the day's data) has
// both answers already: no alarm, and that is its last one. Only the other teams need their grade changes
// over the look-back, so those are read for their reps alone, not for the whole company.

const FEW_REPS = 200;

const newAClassOf = (e: ReviewLedgerEntry): string | null =>
  e.action === 'grade' && e.after?.grade === 'A' && e.before?.grade !== 'A'
    ? String(e.after?.ownerId ?? e.before?.ownerId)
    : null;

/** The reps of every team figure the digests compute: each scope, and the company's department rows. */
export function teamGroups(scopes: readonly ReviewScope[]): string[][] {
  const groups: string[][] = [];
  for (const scope of scopes) {
    groups.push(scope.reps.map((r) => String(r._id)));
    if (scope.kind === 'company') {
      const byDepartment = new Map<number, string[]>();
      scope.reps.forEach((r) => {
        const key = r.mainDepartmentId ?? 0;
        byDepartment.set(key, [...(byDepartment.get(key) ?? []), String(r._id)]);
      });
      groups.push(...byDepartment.values());
    }
  }
  return groups;
}

/**
 * Grade changes in [lookBackStart, alarmStart) of the reps of every group that has no new A-class customer
 * in the loaded ledger.
 */
export async function olderGradeChanges(
  groups: readonly string[][],
  loaded: readonly ReviewLedgerEntry[],
  window: { lookBackStart: Date; alarmStart: Date },
): Promise<ReviewLedgerEntry[]> {
  const withNewA = new Set(loaded.map(newAClassOf).filter((rep): rep is string => rep !== null));
  const reps = new Set(groups.filter((g) => !g.some((rep) => withNewA.has(rep))).flat());
  if (reps.size === 0 || window.lookBackStart >= window.alarmStart) {
    return [];
  }
  const grades = { action: 'grade' as const, at: { $gte: window.lookBackStart, $lt: window.alarmStart } };
  const ids = [...reps].map((rep) => new Types.ObjectId(rep));
  const filter =
    reps.size <= FEW_REPS
      ? {
          $or: [
            { 'before.ownerId': { $in: ids }, ...grades },
            { 'after.ownerId': { $in: ids }, ...grades },
          ],
        }
      : grades;
  const entries = await LedgerEntryModel.find(filter, {
    customerId: 1,
    action: 1,
    reason: 1,
    before: 1,
    after: 1,
    at: 1,
  }).lean<ReviewLedgerEntry[]>();
  return entries.filter((e) => reps.has(String(e.before?.ownerId)) || reps.has(String(e.after?.ownerId)));
}
