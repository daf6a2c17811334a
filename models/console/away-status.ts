import type { Types } from 'mongoose';
import { recordAudit } from '../org/audit.js';
import type { Away } from '../org/away.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { AppError } from '../shared/app-error.js';
import { addDays, startOfBusinessDate } from '../shared/business-day.js';
import type { DomainContext } from '../shared/domain-context.js';
import { employeeToManage } from './employee-to-manage.js';

// 人员与权限: sales ops (or the employee's manager) mark an employee away (休假/外出) for a period, or
// back. Audited like a role change. Automatic assignment skips away reps (models/org/away.ts).

export interface AwayInput {
  /** First business day away (YYYY-MM-DD); from now when left out. */
  from?: string;
  /** Last business day away, inclusive (YYYY-MM-DD); open-ended when left out or null. */
  through?: string | null;
  reason: string;
}

/** The period in instants: from the start of `from` (or now) to the end of `through`, in the business time zone. */
function awayPeriod(input: AwayInput, ctx: DomainContext): Away {
  const tz = ctx.config.timezone;
  const since = input.from ? startOfBusinessDate(input.from, tz) : ctx.now;
  const until = input.through ? startOfBusinessDate(addDays(input.through, 1), tz) : null;
  if (until && until <= since) {
    throw new AppError('VALIDATION_FAILED', '休假结束日期不能早于开始日期', { details: { field: 'through' } });
  }
  if (until && until <= ctx.now) {
    throw new AppError('VALIDATION_FAILED', '休假结束日期已经过去，请重新选择', { details: { field: 'through' } });
  }
  return { since, until, reason: input.reason.trim() };
}

/** Marks the employee away for a period (input) or back (null). Answers the updated employee. */
export async function setAwayStatus(
  input: { employeeId: Types.ObjectId | string; away: AwayInput | null },
  ctx: DomainContext,
): Promise<Employee> {
  const employee = await employeeToManage(input.employeeId, 'setAway', ctx);
  if (employee.status !== 'active') {
    throw new AppError('INVALID_STATE', '该成员已离职，无需设置休假');
  }
  const away = input.away ? awayPeriod(input.away, ctx) : null;
  const updated = await EmployeeModel.findOneAndUpdate(
    { _id: employee._id },
    { $set: { away } },
    { returnDocument: 'after' },
  ).lean<Employee>();
  await recordAudit(
    {
      action: 'away',
      subject: `employee:${employee.userId}`,
      before: { away: employee.away ?? null },
      after: { away },
      reason: input.away?.reason ?? '结束休假',
    },
    ctx.actor,
    ctx.now,
  );
  return updated!;
}
