import type { Types } from 'mongoose';
import { EmployeeModel } from './employee.model.js';

// Every session (the mini-app's bearer tokens, the console's cookies) carries the employee's session
// version at the time it was issued. Raising the version ends all of them at once, on any server
// instance: logout, resignation and a role change call this.

/**
 * Ends every session of the employee (logout, resignation, role change). Sessions issued afterwards
 * work; answers the new version, or null when no such employee exists.
 */
export async function revokeEmployeeSessions(employeeId: Types.ObjectId | string): Promise<number | null> {
  const updated = await EmployeeModel.findOneAndUpdate(
    { _id: employeeId },
    { $inc: { sessionVersion: 1 } },
    { returnDocument: 'after', projection: { sessionVersion: 1 } },
  ).lean();
  return updated?.sessionVersion ?? null;
}

/** Whether a session issued under `version` is still valid for the employee. */
export function sessionStillValid(employee: { sessionVersion?: number | null }, version: number | undefined): boolean {
  return (version ?? 0) === (employee.sessionVersion ?? 0);
}
