import type { ReviewConflictCase } from './review-data.js';

/**
 * Conflicts (撞单申诉) of the day for a rep or a team: the complaints filed today that one of them
 * filed or had filed against them. A complaint between two members of a team counts once for it.
 */
export function conflictsRaised(casesToday: readonly ReviewConflictCase[], employeeIds: ReadonlySet<string>): number {
  return casesToday.filter((c) => employeeIds.has(String(c.complainantId)) || employeeIds.has(String(c.respondentId)))
    .length;
}
