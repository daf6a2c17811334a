// Importing this module registers every model, so index creation and the health check see them all.
// A new model file is added here.
export { BotStateModel } from './messages/bot-state.model.js';
export { ChatLeadModel } from './leads/chat-lead.model.js';
export { ChatMessageModel } from './bots/chat-message.model.js';
export { ClaimCounterModel } from './pool/claim-counter.model.js';
export { CompanySettingsModel } from './org/company-settings.model.js';
export { ConflictCaseModel } from './conflicts/cases/conflict-case.model.js';
export { ConflictIndexModel } from './conflicts/keys/conflict-index.model.js';
export { ContactModel } from './customers/contact.model.js';
export { CustomerModel } from './customers/customer.model.js';
export { DepartmentModel } from './org/department.model.js';
export { EmployeeModel } from './org/employee.model.js';
export { FollowUpModel } from './follow-ups/follow-up.model.js';
export { InboundLeadModel } from './leads/inbound-lead.model.js';
export { JobRunModel } from './shared/job-run.model.js';
export { LedgerEntryModel } from './customers/ledger-entry.model.js';
export { NoticeMarkModel } from './messages/notice-mark.model.js';
export { OpportunityModel } from './customers/opportunity.model.js';
export { OutboundMessageModel } from './messages/outbound-message.model.js';
export { MessageRateCounterModel } from './messages/message-rate-counter.model.js';
export { TransferQuotaModel } from './handovers/transfer-quota.model.js';
export { WecomEventModel } from './wecom/wecom-event.model.js';
export { WecomTokenModel } from './wecom/wecom-token.model.js';
export { WecomTransferModel } from './handovers/wecom-transfer.model.js';
export { NamedLockModel } from './shared/named-lock.model.js';
export { PendingNoticeModel } from './messages/pending-notice.model.js';
export { RateLimitCounterModel } from './shared/rate-limit-counter.model.js';
