import { recordAudit } from '../org/audit.js';
import type { Employee } from '../org/employee.model.js';
import type { DomainContext } from '../shared/domain-context.js';
import type { HandoverPlanResult } from './handover-plan.js';
import { HandoverRecordModel } from './handover-record.model.js';

/** The plan as started, with its reason: in handover_records (its progress) and the audit trail (审计). */
export async function keepHandoverRecord(
  handover: Employee,
  reason: string,
  result: HandoverPlanResult,
  ctx: DomainContext,
): Promise<void> {
  const requestedBy = ctx.actor.kind === 'employee' ? ctx.actor.employeeId : null;
  await HandoverRecordModel.create({
    handoverUserId: handover.userId,
    kind: result.kind,
    reason,
    requestedBy,
    requestedAt: ctx.now,
    inherited: result.inherited,
    released: result.released,
    unstaked: result.unstaked,
    transfers: result.transfers.length,
  });
  await recordAudit(
    {
      action: 'handover',
      subject: `employee:${handover.userId}`,
      after: {
        kind: result.kind,
        inherited: result.inherited.length,
        released: result.released.length,
        unstaked: result.unstaked.length,
        transfers: result.transfers.length,
      },
      reason,
    },
    ctx.actor,
    ctx.now,
  );
}
