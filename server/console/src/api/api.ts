import type { ConsoleSession, LoginOptions } from '../../../routes/console-auth/console-auth.schema.js';
import type { LedgerAnswer, SettingChange } from '../../../routes/console-audit/console-audit.schema.js';
import type {
  CustomerListAnswer,
  CustomerListQuery,
} from '../../../routes/console-customers/console-customers.schema.js';
import type { DuplicateFlagView } from '../../../routes/console-duplicates/console-duplicates.schema.js';
import type { ImportRunView } from '../../../routes/console-imports/console-imports.schema.js';
import type { OverviewAnswer } from '../../../routes/console-overview/console-overview.schema.js';
import type { PeopleAnswer, SetAwayBody } from '../../../routes/console-people/console-people.schema.js';
import type {
  ChangeRulesBody,
  PoolRulesAnswer,
  PreviewAnswer,
} from '../../../routes/console-pool-rules/console-pool-rules.schema.js';
import type { RuleCaseBody } from '../../../routes/conflicts/conflicts.schema.js';
import type { HandoverBody } from '../../../routes/handovers/handovers.schema.js';
import type {
  AutoAssignRuleInput as AutoAssignRuleBody,
  AutoAssignSettingsAnswer,
  LeadDepartmentInput as LeadDepartmentBody,
} from '../../../routes/auto-assign/auto-assign.schema.js';
import type { LockResult } from '../../../routes/customer-locks/customer-locks.schema.js';
import type { ReassignBody, ReassignResult, ReassignTargetsResult } from '../../../routes/reassign/reassign.schema.js';
import type { BotHealth } from '../../../../models/bots/bot-health.js';
import type {
  CaseDetail as ServerCaseDetail,
  CaseView as ServerCaseView,
} from '../../../../models/conflicts/cases/list-cases.js';
import type { CustomerDetailAnswer as CustomerDetail } from '../../../routes/customers/customer-answers.schema.js';
import type { PersonRow } from '../../../../models/console/people.js';
import type { RulesOverride } from '../../../../models/pool/pool-rules.js';
import type { WecomEventSummary } from '../../../../models/wecom/event-ops.js';
import { get, post, put, request, withQuery } from './client.js';

// Every endpoint the console calls, typed by the server's schemas and answers (type-only imports).
// Dates travel as ISO strings: Json<T> says so.

type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

export type CaseView = Json<ServerCaseView>;
export type ReassignTarget = ReassignTargetsResult['targets'][number];
export type DuplicateFlag = Json<DuplicateFlagView>;
export type MergeOutcome = { survivorId: string; absorbedId: string; tookOver: boolean; resumed: boolean };
export type CaseDetail = Json<ServerCaseDetail>;
export type CustomerQuery = Partial<CustomerListQuery>;
export type WecomEventsAnswer = {
  counts: Record<string, number>;
  events: (Json<WecomEventSummary> & { _id: string })[];
};
export type BotsAnswer = BotHealth;
export type HandoverProgress = {
  counts: Record<string, number>;
  transfers: { customerId?: string; status?: string; takeoverUserId?: string; handoverReason?: string }[];
  plans: {
    kind: string;
    reason: string;
    requestedAt: string;
    inherited: { customerId: string; takeoverUserId: string }[];
    released: string[];
    unstaked: string[];
    transfers: number;
  }[];
};
export type {
  AutoAssignRuleBody,
  AutoAssignSettingsAnswer,
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
  reassignTargets: (id: string) => get<ReassignTargetsResult>(`/customers/${id}/reassign-targets`),
  reassign: (body: ReassignBody) => post<ReassignResult>('/customers/reassign', body),
  lock: (id: string, reason: string) => post<LockResult>(`/customers/${id}/lock`, { reason }),
  unlock: (id: string, reason: string) => post<LockResult>(`/customers/${id}/unlock`, { reason: reason || undefined }),

  poolRules: () => get<PoolRulesAnswer>('/console/pool-rules'),
  previewPoolRules: (level: string, rules: RulesOverride) =>
    post<PreviewAnswer>(`/console/pool-rules/${level}/preview`, { rules }),
  changePoolRules: (level: string, body: ChangeRulesBody) =>
    put<{ redated: number }>(`/console/pool-rules/${level}`, body),
  autoAssign: () => get<AutoAssignSettingsAnswer>('/console/auto-assign'),
  changeAutoAssign: (deptId: number, body: AutoAssignRuleBody) => put(`/console/auto-assign/${deptId}`, body),
  changeLeadDepartment: (body: LeadDepartmentBody) => put('/console/lead-department', body),

  people: () => get<PeopleAnswer>('/console/people'),
  changeRole: (id: string, role: string, reason: string) => put(`/console/people/${id}/role`, { role, reason }),
  setAway: (id: string, body: SetAwayBody) => put(`/console/people/${id}/away`, body),
  startHandover: (body: HandoverBody) => post('/ops/handovers', body),
  handoverProgress: (userId: string) => get<HandoverProgress>(`/ops/handovers/${encodeURIComponent(userId)}`),

  cases: (status: string) => get<{ cases: CaseView[] }>('/conflicts/cases', { status }),
  caseDetail: (id: string) => get<CaseDetail>(`/conflicts/cases/${id}`),
  ruleCase: (id: string, body: RuleCaseBody) => post(`/conflicts/cases/${id}/ruling`, body),

  imports: () => get<{ runs: ImportRunView[] }>('/console/imports'),
  importRun: (id: string) => get<ImportRunView>(`/console/imports/${id}`),
  startImport: (file: File) =>
    request<ImportRunView>('POST', withQuery('/console/imports', { fileName: file.name }), undefined, file),
  duplicates: (status: string, page = 1) =>
    get<{ total: number; flags: DuplicateFlag[] }>('/console/duplicates', { status, page, pageSize: 20 }),
  mergeDuplicate: (id: string, survivorId: string) =>
    post<MergeOutcome>(`/console/duplicates/${id}/merge`, { survivorId }),
  keepDuplicate: (id: string) => post<{ id: string; status: string }>(`/console/duplicates/${id}/keep`),

  wecomEvents: (status?: string) => get<WecomEventsAnswer>('/ops/wecom-events', { status, limit: 100 }),
  retryWecomEvent: (id: string) => post(`/ops/wecom-events/${encodeURIComponent(id)}/retry`),
  bots: () => get<BotsAnswer>('/console/bots'),

  ledger: (query: Record<string, string | number | undefined>) => get<LedgerAnswer>('/console/audit/ledger', query),
  settingChanges: (query: { from?: string; to?: string }) =>
    get<{ changes: SettingChange[] }>('/console/audit/settings', query),
};
