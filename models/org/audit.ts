import type { Actor } from '../shared/domain-context.js';
import { AuditEntryModel, type AuditAction } from './audit-entry.model.js';

/** Appends one entry to the audit trail of rules and people. */
export async function recordAudit(
  entry: { action: AuditAction; subject: string; before?: unknown; after?: unknown; reason?: string },
  actor: Actor,
  at: Date,
): Promise<void> {
  await AuditEntryModel.create({
    ...entry,
    actorKind: actor.kind,
    actorId: actor.kind === 'employee' ? actor.employeeId : null,
    actorName: actor.kind === 'employee' ? '' : actor.name,
    at,
  });
}
