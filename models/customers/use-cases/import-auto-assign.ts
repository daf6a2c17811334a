import type { Types } from 'mongoose';
import { EmployeeModel } from '../../org/employee.model.js';
import { autoAssignNewLead } from '../../pool/auto-assign.js';
import type { DomainContext } from '../../shared/domain-context.js';

// Imported rows that name no owner are new unowned leads: the importing manager's department's rule
// (or the company's lead department's) assigns them; with the rule off they stay in the public pool.

export async function autoAssignImported(
  ids: (Types.ObjectId | null)[],
  ctx: DomainContext,
  onProgress: (done: number, total: number) => void,
): Promise<number> {
  const created = ids.filter((id): id is Types.ObjectId => id !== null);
  if (created.length === 0) return 0;
  const importer =
    ctx.actor.kind === 'employee'
      ? await EmployeeModel.findById(ctx.actor.employeeId, { role: 1, mainDepartmentId: 1 }).lean()
      : null;
  const hint = importer?.role === 'manager' ? (importer.mainDepartmentId ?? null) : null;
  let assigned = 0;
  let nobodyInARow = 0;
  for (const [n, id] of created.entries()) {
    const result = await autoAssignNewLead(id, ctx, hint);
    if (result.assigned) assigned += 1;
    nobodyInARow = !result.assigned && result.reason === 'nobody' ? nobodyInARow + 1 : 0;
    // A rule that is off answers the same for the rest of the import; so, nearly, do reps all at their caps.
    if ((!result.assigned && result.reason === 'off') || nobodyInARow >= 50) break;
    onProgress(n + 1, created.length);
  }
  return assigned;
}
