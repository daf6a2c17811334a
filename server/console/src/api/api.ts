import type { ConsoleSession, LoginOptions } from '../../../routes/console-auth/console-auth.schema.js';
import type {
  BotsAnswer,
  LedgerAnswer,
  SettingChange,
  SettingChangesAnswer,
} from '../../../routes/console-audit/console-audit.schema.js';
import type {
  CustomerListAnswer,
  CustomerListQuery,
} from '../../../routes/console-customers/console-customers.schema.js';
import type {
  DuplicateFlagAnswer as DuplicateFlag,
  DuplicateListAnswer,
  KeepAnswer,
  MergeAnswer as MergeOutcome,
} from '../../../routes/console-duplicates/console-duplicates.schema.js';
import type { ImportRunsAnswer, ImportRunView } from '../../../routes/console-imports/console-imports.schema.js';
import type { OverviewAnswer } from '../../../routes/console-overview/console-overview.schema.js';
import type { PeopleAnswer, PersonRow, SetAwayBody } from '../../../routes/console-people/console-people.schema.js';
import type {
  ChangeRulesBody,
  PoolRulesAnswer,
  PreviewAnswer,
  RedatedAnswer,
  RulesOverride,
} from '../../../routes/console-pool-rules/console-pool-rules.schema.js';
import type {
  AutoAssignRuleInput as AutoAssignRuleBody,
  AutoAssignSettingsAnswer,
  LeadDepartmentInput as LeadDepartmentBody,
} from '../../../routes/auto-assign/auto-assign.schema.js';
import type { LockResult } from '../../../routes/customer-locks/customer-locks.schema.js';
import type { ReassignBody, ReassignResult, ReassignTargetsAnswer } from '../../../routes/reassign/reassign.schema.js';
import type {
  CaseDetailAnswer as CaseDetail,
  CaseListAnswer,
  CaseViewAnswer as CaseView,
  RuleCaseBody,
} from '../../../routes/conflicts/conflicts.schema.js';
import type {
  HandoverBody,
  HandoverProgressAnswer as HandoverProgress,
} from '../../../routes/handovers/handovers.schema.js';
import type { CustomerDetailAnswer as CustomerDetail } from '../../../routes/customers/customer-answers.schema.js';
import type { WecomEventsAnswer } from '../../../routes/wecom-events/wecom-events.schema.js';
import { get, post, put, request, withQuery } from './client.js';

// Every endpoint the console calls, typed by the server's zod schemas (type-only imports of the types
// inferred from them: the answers as they travel, instants as ISO strings).

export type ReassignTarget = ReassignTargetsAnswer['targets'][number];
export type CustomerQuery = Partial<CustomerListQuery>;
export type {
  AutoAssignRuleBody,
  AutoAssignSettingsAnswer,
  BotsAnswer,
  HandoverProgress,
  CaseDetail,
  DuplicateFlag,
  MergeOutcome,
  CaseView,
  ConsoleSession,
  CustomerDetail,
  CustomerListAnswer,
  ImportRunView,
  LedgerAnswer,
  LockResult,
  LoginOptions,
  OverviewAnswer,
  PeopleAnswer,
  PersonRow,
  PoolRulesAnswer,
  PreviewAnswer,
  ReassignResult,
  RulesOverride,
  SettingChange,
  WecomEventsAnswer,
};

export const api = {
  loginOptions: () => get<LoginOptions>('/console/auth/options'),
  localLogin: (userId: string) => post<ConsoleSession>('/console/auth/local-login', { userId }),
  logout: () => post<{ ok: boolean }>('/console/auth/logout'),
  session: () => get<{ session: ConsoleSession | null }>('/console/session'),
  overview: (departmentId?: number) => get<OverviewAnswer>('/console/overview', { departmentId }),

  customers: (query: CustomerQuery) => get<CustomerListAnswer>('/console/customers', query),
  customer: (id: string) => get<CustomerDetail>(`/customers/${id}`),
  release: (id: string, reason: string) => post(`/customers/${id}/release`, { reason }),
  grade: (id: string, grade: string, reason: string) => post(`/customers/${id}/grade`, { grade, reason }),
  reassignTargets: (id: string) => get<ReassignTargetsAnswer>(`/customers/${id}/reassign-targets`),
  reassign: (body: ReassignBody) => post<ReassignResult>('/customers/reassign', body),
  lock: (id: string, reason: string) => post<LockResult>(`/customers/${id}/lock`, { reason }),
  unlock: (id: string, reason: string) => post<LockResult>(`/customers/${id}/unlock`, { reason: reason || undefined }),

  poolRules: () => get<PoolRulesAnswer>('/console/pool-rules'),
  previewPoolRules: (level: string, rules: RulesOverride) =>
    post<PreviewAnswer>(`/console/pool-rules/${level}/preview`, { rules }),
  changePoolRules: (level: string, body: ChangeRulesBody) => put<RedatedAnswer>(`/console/pool-rules/${level}`, body),
  autoAssign: () => get<AutoAssignSettingsAnswer>('/console/auto-assign'),
  changeAutoAssign: (deptId: number, body: AutoAssignRuleBody) => put(`/console/auto-assign/${deptId}`, body),
  changeLeadDepartment: (body: LeadDepartmentBody) => put('/console/lead-department', body),

  people: () => get<PeopleAnswer>('/console/people'),
  changeRole: (id: string, role: string, reason: string) => put(`/console/people/${id}/role`, { role, reason }),
  setAway: (id: string, body: SetAwayBody) => put(`/console/people/${id}/away`, body),
  startHandover: (body: HandoverBody) => post('/ops/handovers', body),
  handoverProgress: (userId: string) => get<HandoverProgress>(`/ops/handovers/${encodeURIComponent(userId)}`),

  cases: (status: string) => get<CaseListAnswer>('/conflicts/cases', { status }),
  caseDetail: (id: string) => get<CaseDetail>(`/conflicts/cases/${id}`),
  ruleCase: (id: string, body: RuleCaseBody) => post(`/conflicts/cases/${id}/ruling`, body),

  imports: () => get<ImportRunsAnswer>('/console/imports'),
  importRun: (id: string) => get<ImportRunView>(`/console/imports/${id}`),
  startImport: (file: File) =>
    request<ImportRunView>('POST', withQuery('/console/imports', { fileName: file.name }), undefined, file),
  duplicates: (status: string, page = 1) =>
    get<DuplicateListAnswer>('/console/duplicates', { status, page, pageSize: 20 }),
  mergeDuplicate: (id: string, survivorId: string) =>
    post<MergeOutcome>(`/console/duplicates/${id}/merge`, { survivorId }),
  keepDuplicate: (id: string) => post<KeepAnswer>(`/console/duplicates/${id}/keep`),

  wecomEvents: (status?: string) => get<WecomEventsAnswer>('/ops/wecom-events', { status, limit: 100 }),
  retryWecomEvent: (id: string) => post(`/ops/wecom-events/${encodeURIComponent(id)}/retry`),
  bots: () => get<BotsAnswer>('/console/bots'),

  ledger: (query: Record<string, string | number | undefined>) => get<LedgerAnswer>('/console/audit/ledger', query),
  settingChanges: (query: { from?: string; to?: string }) =>
    get<SettingChangesAnswer>('/console/audit/settings', query),
};
