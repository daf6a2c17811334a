import { api } from './api';
import type { CaseDetailAnswer, CaseListAnswer, CaseViewAnswer, RulingAnswer } from './api-types.generated';
import { dateTime } from './format';

// Conflict complaints (撞单申诉): filed by a rep against a customer's owner, ruled by sales ops with the
// criteria the server computes (first contact, real contact, KP reached, valid follow-ups, progress).

export const caseKinds = [
  { key: 'duplicate', label: '撞单（我先对接的客户）' },
  { key: 'fake', label: '虚假信息（记录不实）' },
  { key: 'thin', label: '跟进记录过简（只写套话）' },
];

export type CaseView = CaseViewAnswer;
export type CaseDetail = CaseDetailAnswer;

export interface CaseRow {
  id: string;
  title: string;
  parties: string;
  reason: string;
  filed: string;
}

export function caseRow(c: CaseView): CaseRow {
  return {
    id: c.id,
    title: `${c.customerName} · ${c.kindLabel}`,
    parties: `${c.complainant.name} 申诉 ${c.respondent.name}`,
    reason: c.reason,
    filed: dateTime(c.filedAt),
  };
}

export function fileComplaint(customerId: string, kind: string, reason: string): Promise<CaseDetail> {
  return api<CaseDetail>('POST', '/api/conflicts/cases', { customerId, kind, reason });
}

export async function openCases(): Promise<CaseView[]> {
  return (await api<CaseListAnswer>('GET', '/api/conflicts/cases?status=open')).cases;
}

export function caseDetail(id: string): Promise<CaseDetail> {
  return api<CaseDetail>('GET', `/api/conflicts/cases/${id}`);
}

/** Ops' ruling: for the complainant (the customer is transferred to them) or for the current owner. */
export function ruleCase(id: string, decision: 'complainant' | 'respondent', note: string): Promise<RulingAnswer> {
  return api<RulingAnswer>('POST', `/api/conflicts/cases/${id}/ruling`, {
    decision,
    transfer: decision === 'complainant',
    note,
  });
}
