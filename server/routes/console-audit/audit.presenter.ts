import type { LedgerPage, SettingChanges } from '../../../models/console/audit-search.js';
import type { LedgerAnswer, SettingChangesAnswer } from './console-audit.schema.js';

// The 审计 answers (GET /api/console/audit/ledger and /settings), shaped from the entries the domain
// found: instants as ISO strings, who acted by name.

export function presentLedger(page: LedgerPage): LedgerAnswer {
  return {
    items: page.entries.map((e) => ({
      id: e._id,
      at: e.at.toISOString(),
      customer: { id: String(e.customerId), name: page.customerName(e.customerId) },
      action: e.action,
      actor: e.actorId ? page.employeeName(e.actorId) : e.actorName || (e.actorKind === 'wecom' ? '企业微信' : '系统'),
      reason: e.reason,
      before: e.before as unknown,
      after: e.after as unknown,
    })),
    total: page.total,
    more: page.more,
    page: page.page,
    pageSize: page.pageSize,
  };
}

export function presentSettingChanges({ entries, employeeName }: SettingChanges): SettingChangesAnswer {
  return {
    changes: entries.map((e) => ({
      id: String(e._id),
      at: e.at.toISOString(),
      action: e.action,
      subject: e.subject,
      actor: e.actorId ? employeeName(e.actorId) : e.actorName || '系统',
      before: e.before as unknown,
      after: e.after as unknown,
      reason: e.reason,
    })),
  };
}
