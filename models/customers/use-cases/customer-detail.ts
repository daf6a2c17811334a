import type { Types } from 'mongoose';
import { businessDate } from '../../shared/business-day.js';
import { customerOpportunities, type OpportunityView, type StageRate } from '../opportunity-view.js';
import { contactView, shownContacts, type ContactView } from '../contact-view.js';
import { EmployeeModel } from '../../org/employee.model.js';
import { FollowUpModel, type FollowUp } from '../../follow-ups/follow-up.model.js';
import { LedgerEntryModel, type LedgerEntry } from '../ledger-entry.model.js';
import { loadCustomer } from '../customer-change.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { actingEmployee } from '../../org/permissions.js';
import type { PolicyFacts } from '../../org/policy/facts.js';
import { can } from '../../org/policy/policy.js';
import type { Employee } from '../../org/employee.model.js';
import type { Customer } from '../customer.model.js';
import { profileCompleteness } from '../profile-completeness.js';
import { cooldownFor } from '../../pool/transitions.js';
import { assertCanView, maskPerson, maskPhone } from '../customer-access.js';
import { dropCountdown, type DropCountdown } from '../../pool/drop-countdown.js';

// A customer as its detail page needs it, for one viewer: who may see it (reps not another rep's
// customer), what is masked, which actions the viewer may take, its timelines. The HTTP answer is shaped
// from this by server/routes/customers/customer-detail.presenter.ts.

const TIMELINE_LIMIT = 50;

/** The detail page's buttons, each the policy action it stands for. */
const detailActions = {
  followUp: 'followUp',
  changeGrade: 'changeGrade',
  changeStage: 'changeStage',
  updateProfile: 'updateProfile',
  editContacts: 'editContacts',
  manageOpportunities: 'manageOpportunities',
  markSigned: 'markSigned',
  revertSigned: 'revertSigned',
  release: 'release',
  claim: 'claim',
  stake: 'stake',
  unstake: 'unstake',
  lock: 'lock',
  unlock: 'unlock',
  requestLock: 'requestLock',
  complain: 'fileCase',
  reassign: 'move',
} as const;
export type DetailAction = keyof typeof detailActions;
/** The detail page's buttons, in the page's order (the answer's `can` map lists them so). */
export const detailButtons = Object.keys(detailActions) as DetailAction[];

export interface CustomerView {
  /** The customer, its boss, legal representative and phones masked when `masked`. */
  customer: Customer;
  /** Phones and e-mails are masked unless the viewer owns or manages the customer. */
  masked: boolean;
  /** Current contacts, key persons first, masked like the customer. */
  contacts: ContactView[];
  followUps: FollowUp[];
  ledger: LedgerEntry[];
  completeness: { score: number; missing: string[] };
  /** Employee names of everyone the page mentions ('' for an unknown id). */
  nameOf: (id: Types.ObjectId | null | undefined) => string;
  drop: DropCountdown | null;
  cooldownUntil: Date | null;
  /** Opportunities (商机): open deals first, then the closed ones. */
  opportunities: OpportunityView[];
  /** The open stages with the company's win rates, for the opportunity form. */
  opportunityStages: StageRate[];
  /** What made it signed: the contract's amount and date (YYYY-MM-DD), and the won deal if any. */
  contract: { amount: number; signedOn: string; opportunityId: string | null } | null;
  can: Record<DetailAction, boolean>;
}

async function namesOf(ids: (Types.ObjectId | null | undefined)[]): Promise<CustomerView['nameOf']> {
  const unique = [...new Set(ids.filter((id): id is Types.ObjectId => id != null).map(String))];
  const employees = unique.length ? await EmployeeModel.find({ _id: { $in: unique } }, { name: 1 }).lean() : [];
  const names = new Map(employees.map((e) => [String(e._id), e.name]));
  return (id) => (id ? (names.get(String(id)) ?? '') : '');
}

/** Which of the page's actions the viewer may take: the policy's answers, so a button works when shown. */
export function detailCan(viewer: Employee, customer: Customer, facts: PolicyFacts): Record<DetailAction, boolean> {
  const entries = Object.entries(detailActions).map(([key, action]) => [key, can(viewer, action, customer, facts)]);
  return Object.fromEntries(entries) as Record<DetailAction, boolean>;
}

async function timelines(c: Customer) {
  const [contacts, followUps, ledger, completeness] = await Promise.all([
    shownContacts(c._id),
    FollowUpModel.find({ customerId: c._id }).sort({ createdAt: -1, _id: -1 }).limit(TIMELINE_LIMIT).lean<FollowUp[]>(),
    LedgerEntryModel.find({ customerId: c._id }).sort({ at: -1, _id: -1 }).limit(TIMELINE_LIMIT).lean<LedgerEntry[]>(),
    profileCompleteness(c as unknown as Parameters<typeof profileCompleteness>[0]),
  ]);
  const nameOf = await namesOf([
    c.ownerId,
    c.stakedBy,
    ...followUps.map((f) => f.authorId),
    ...ledger.map((l) => l.actorId),
    ...c.gradeHistory.map((h) => h.by),
    ...c.stageHistory.map((h) => h.by),
  ]);
  return { contacts, followUps, ledger, completeness, nameOf };
}

/** What a viewer who may not see contact details gets: the boss, legal representative and phones masked. */
function masked(c: Customer): Customer {
  return {
    ...c,
    boss: maskPerson(c.boss),
    legalRepresentative: maskPerson(c.legalRepresentative),
    phones: c.phones.map(maskPhone),
  };
}

/**
 * A customer as the detail page shows it: profile and completeness, contacts (masked unless the viewer
 * owns or manages it), the follow-up timeline, grade and stage history, the ledger, and which actions
 * the viewer may take. Reps may not open another rep's customer.
 */
export async function viewCustomer(
  input: { customerId: Types.ObjectId | string },
  ctx: DomainContext,
): Promise<CustomerView> {
  const viewer = await actingEmployee(ctx.actor);
  const c = await loadCustomer(input.customerId);
  const access = await assertCanView(c, viewer, ctx.now);
  const { contacts, followUps, ledger, completeness, nameOf } = await timelines(c);
  const deals = await customerOpportunities(c._id, ctx.config.timezone);
  const mask = !access.contacts;
  return {
    customer: mask ? masked(c) : c,
    contacts: contacts.map((p) => contactView(p, mask)),
    masked: mask,
    followUps,
    ledger,
    completeness: { score: completeness.completeness, missing: completeness.missing },
    nameOf,
    drop: c.protectedUntil ? dropCountdown(c.protectedUntil, c.dropReason ?? null, ctx.now, ctx.config.timezone) : null,
    cooldownUntil: cooldownFor(c, viewer._id, ctx.now),
    opportunities: deals.opportunities,
    opportunityStages: deals.stageRates,
    contract: c.contract
      ? {
          amount: c.contract.amount,
          signedOn: businessDate(c.contract.signedAt, ctx.config.timezone),
          opportunityId: c.contract.opportunityId ? String(c.contract.opportunityId) : null,
        }
      : null,
    can: detailCan(viewer, c, access.facts),
  };
}
