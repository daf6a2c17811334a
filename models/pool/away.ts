import type { Types } from 'mongoose';
import { AppError } from '../shared/app-error.js';
import { DAY } from '../shared/clock.js';
import type { DomainContext } from '../shared/domain-context.js';
import { recordAudit } from '../org/audit.js';
import { EmployeeModel } from '../org/employee.model.js';
import { actingEmployee, activeEmployee } from '../org/permissions.js';
import { authorize } from '../org/policy/policy.js';

// 休假/外出: an employee marked away until a time receives no automatically assigned leads meanwhile.

const MAX_AWAY_DAYS = 90;

/** Marks the employee away until `until` (null: back now); the employee, their manager or ops. */
export async function markAway(
  input: { employeeId: Types.ObjectId | string; until: Date | null; reason?: string },
  ctx: DomainContext,
): Promise<{ employeeId: string; awayUntil: string | null }> {
  const actor = await actingEmployee(ctx.actor);
  const employee = await activeEmployee(input.employeeId);
  await authorize(actor, 'markAway', employee, ctx.now);
  if (input.until && (input.until <= ctx.now || input.until.getTime() - ctx.now.getTime() > MAX_AWAY_DAYS * DAY)) {
    const message = `休假结束时间应在现在之后、${MAX_AWAY_DAYS} 天以内`;
    throw new AppError('VALIDATION_FAILED', message, { details: { problems: [{ field: 'body.until', message }] } });
  }
  await EmployeeModel.updateOne({ _id: employee._id }, { $set: { awayUntil: input.until } });
  await recordAudit(
    {
      action: 'away',
      subject: `employee:${employee.userId}`,
      before: employee.awayUntil ?? null,
      after: input.until,
      reason: input.reason,
    },
    ctx.actor,
    ctx.now,
  );
  return { employeeId: String(employee._id), awayUntil: input.until?.toISOString() ?? null };
}
