// Importing this module registers every model, so index creation and the health check see them all.
// A new model file is added here.
export { ClaimCounterModel } from './claim-counter.model.js';
export { CompanySettingsModel } from './company-settings.model.js';
export { ConflictCaseModel } from './conflict-case.model.js';
export { ConflictIndexModel } from './conflict-index.model.js';
export { ContactModel } from './contact.model.js';
export { CreateLeaseModel } from './create-lease.model.js';
export { CustomerModel } from './customer.model.js';
export { DepartmentModel } from './department.model.js';
export { EmployeeModel } from './employee.model.js';
export { FollowUpModel } from './follow-up.model.js';
export { InboundLeadModel } from './inbound-lead.model.js';
export { JobRunModel } from './job-run.model.js';
export { LedgerEntryModel } from './ledger-entry.model.js';
export { NoticeMarkModel } from './notice-mark.model.js';
export { OpportunityModel } from './opportunity.model.js';
export { OutboundMessageModel } from './outbound-message.model.js';
export { MessageRateCounterModel } from './message-rate-counter.model.js';
export { TransferQuotaModel } from './transfer-quota.model.js';
export { WecomEventModel } from './wecom-event.model.js';
export { WecomTokenModel } from './wecom-token.model.js';
export { WecomTransferModel } from './wecom-transfer.model.js';
export { NamedLockModel } from './named-lock.model.js';
export { PendingNoticeModel } from './pending-notice.model.js';
export { RateLimitCounterModel } from './rate-limit-counter.model.js';
