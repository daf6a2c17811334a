import { actorLabel, ledgerReasonLabel } from '../../shared/vocabulary.js';
import type { Types } from 'mongoose';
import { ContactModel } from '../contact.model.js';
import { EmployeeModel } from '../../org/employee.model.js';
import { FollowUpModel, type FollowUpChannel } from '../../follow-ups/follow-up.model.js';
import { LedgerEntryModel } from '../ledger-entry.model.js';
import { loadCustomer } from '../customer-change.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { actingEmployee } from '../../org/permissions.js';
import type { PolicyFacts } from '../../org/policy/facts.js';
import { can } from '../../org/policy/policy.js';
import type { Employee } from '../../org/employee.model.js';
import type { Customer, PoolState, Stage } from '../customer.model.js';
import type { Grade } from '../../../config/pool-rules.js';
import { profileCompleteness } from '../profile-completeness.js';
import { cooldownFor } from '../../pool/transitions.js';
import { assertCanView, maskEmail, maskPerson, maskPhone } from '../customer-access.js';
import { dropCountdown, type DropCountdown } from '../../pool/drop-countdown.js';

const TIMELINE_LIMIT = 50;

/** The detail page's buttons, each the policy action it stands for. */
const detailActions = {
  followUp: 'followUp',
  changeGrade: 'changeGrade',
  changeStage: 'changeStage',
  updateProfile: 'updateProfile',
  release: 'release',
  claim: 'claim',
  stake: 'stake',
  unstake: 'unstake',
  lock: 'lock',
  unlock: 'unlock',
  requestLock: 'requestLock',
  complain: 'fileCase',
} as const;
export type DetailAction = keyof typeof detailActions;

export interface CustomerDetail {
  id: string;
  name: string;
  state: PoolState;
  /** A merge's tombstone: the customer it was merged into. */
  mergedInto: string | null;
  stage: Stage;
  grade: Grade | null;
  owner: { id: string; name: string } | null;
  stakedBy: { id: string; name: string } | null;
  stakeDeadline: string | null;
  locked: boolean;
  drop: DropCountdown | null;
  cooldownUntil: string | null;
  profile: {
    industry: string;
    region: string;
    address: string;
    website: string;
    source: string;
    sourceDetail: string;
    boss: string;
    legalRepresentative: string;
    creditCode: string;
    phones: string[];
    fields: Record<string, unknown>;
  };
  completeness: { score: number; missing: string[] };
  contacts: { id: string; name: string; position: string; isKeyPerson: boolean; phones: string[]; email: string }[];
  contactsMasked: boolean;
  followUps: {
    id: string;
    at: string;
    author: string;
    channel: FollowUpChannel;
    contactName: string;
    content: string;
    nextStep: string;
    valid: boolean;
    score: number;
    reasons: { code: string; message: string }[];
    counted: boolean;
  }[];
  gradeHistory: { from: string | null; to: string | null; at: string; by: string; reason: string }[];
  stageHistory: { from: string | null; to: string | null; at: string; by: string; reason: string }[];
  ledger: { at: string; action: string; actor: string; reason: string }[];
  can: Record<DetailAction, boolean>;
}

type NameOf = (id: Types.ObjectId | null | undefined) => string;

async function namesOf(ids: (Types.ObjectId | null | undefined)[]): Promise<NameOf> {
  const unique = [...new Set(ids.filter((id): id is Types.ObjectId => id != null).map(String))];
  const employees = unique.length ? await EmployeeModel.find({ _id: { $in: unique } }, { name: 1 }).lean() : [];
  const names = new Map(employees.map((e) => [String(e._id), e.name]));
  return (id) => (id ? (names.get(String(id)) ?? '') : '');
}

/** Which of the page's actions the viewer may take: the policy's answers, so a button works when shown. */
export function detailCan(viewer: Employee, customer: Customer, facts: PolicyFacts): CustomerDetail['can'] {
  const entries = Object.entries(detailActions).map(([key, action]) => [key, can(viewer, action, customer, facts)]);
  return Object.fromEntries(entries) as CustomerDetail['can'];
}

function historyOf(h: Customer['gradeHistory'], nameOf: NameOf): CustomerDetail['gradeHistory'] {
  return h
    .map((e) => ({
      from: e.from ?? null,
      to: e.to ?? null,
      at: e.at.toISOString(),
      by: nameOf(e.by),
      reason: e.reason ?? '',
    }))
    .reverse();
}

function profileOf(c: Customer, mask: boolean): CustomerDetail['profile'] {
  const fields =
    c.profile instanceof Map
      ? Object.fromEntries(c.profile as Map<string, unknown>)
      : ((c.profile ?? {}) as Record<string, unknown>);
  return {
    industry: c.industry,
    region: c.region,
    address: c.address,
    website: c.website,
    source: c.source,
    sourceDetail: c.sourceDetail,
    boss: mask ? maskPerson(c.boss) : c.boss,
    legalRepresentative: mask ? maskPerson(c.legalRepresentative) : c.legalRepresentative,
    creditCode: c.creditCode ?? '',
    phones: mask ? c.phones.map(maskPhone) : c.phones,
    fields,
  };
}

async function timelines(c: Customer) {
  const [contacts, followUps, ledger, completeness] = await Promise.all([
    ContactModel.find({ customerId: c._id }, { name: 1, position: 1, isKeyPerson: 1, phones: 1, email: 1 })
      .limit(100)
      .lean(),
    FollowUpModel.find({ customerId: c._id }).sort({ createdAt: -1, _id: -1 }).limit(TIMELINE_LIMIT).lean(),
    LedgerEntryModel.find({ customerId: c._id }).sort({ at: -1, _id: -1 }).limit(TIMELINE_LIMIT).lean(),
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

type Timelines = Awaited<ReturnType<typeof timelines>>;

function contactsOf(contacts: Timelines['contacts'], mask: boolean): CustomerDetail['contacts'] {
  return contacts.map((p) => ({
    id: String(p._id),
    name: p.name,
    position: p.position,
    isKeyPerson: p.isKeyPerson,
    phones: mask ? p.phones.map(maskPhone) : p.phones,
    email: mask ? maskEmail(p.email) : p.email,
  }));
}

function followUpsOf(followUps: Timelines['followUps'], nameOf: NameOf): CustomerDetail['followUps'] {
  return followUps.map((f) => ({
    id: String(f._id),
    at: f.createdAt.toISOString(),
    author: nameOf(f.authorId),
    channel: f.channel,
    contactName: f.contactName,
    content: f.content,
    nextStep: f.nextStep,
    valid: f.quality?.valid ?? false,
    score: f.quality?.score ?? 0,
    reasons: (f.quality?.reasons ?? []).map((r) => ({ code: r.code, message: r.message })),
    counted: f.countedForProtection,
  }));
}

/**
 * A customer as the detail page shows it: profile and completeness, contacts (masked unless the viewer
 * owns or manages it), the follow-up timeline, grade and stage history, the ledger, and which actions
 * the viewer may take. Reps may not open another rep's customer.
 */
export async function viewCustomer(
  input: { customerId: Types.ObjectId | string },
  ctx: DomainContext,
): Promise<CustomerDetail> {
  const viewer = await actingEmployee(ctx.actor);
  const c = await loadCustomer(input.customerId);
  const access = await assertCanView(c, viewer, ctx.now);
  const { contacts, followUps, ledger, completeness, nameOf } = await timelines(c);
  const mask = !access.contacts;
  const person = (id: Types.ObjectId | null | undefined) => (id ? { id: String(id), name: nameOf(id) } : null);
  return {
    id: String(c._id),
    name: c.name,
    state: c.poolState,
    mergedInto: c.mergedInto ? String(c.mergedInto) : null,
    stage: c.stage,
    grade: c.grade ?? null,
    owner: person(c.ownerId),
    stakedBy: person(c.stakedBy),
    stakeDeadline: c.stakeDeadline?.toISOString() ?? null,
    locked: c.locked,
    drop: c.protectedUntil ? dropCountdown(c.protectedUntil, c.dropReason ?? null, ctx.now, ctx.config.timezone) : null,
    cooldownUntil: cooldownFor(c, viewer._id, ctx.now)?.toISOString() ?? null,
    profile: profileOf(c, mask),
    completeness: { score: completeness.completeness, missing: completeness.missing },
    contacts: contactsOf(contacts, mask),
    contactsMasked: mask,
    followUps: followUpsOf(followUps, nameOf),
    gradeHistory: historyOf(c.gradeHistory, nameOf),
    stageHistory: historyOf(c.stageHistory, nameOf),
    ledger: ledger.map((l) => ({
      at: l.at.toISOString(),
      action: l.action,
      actor: l.actorName ? actorLabel(l.actorKind, l.actorName) : nameOf(l.actorId),
      reason: ledgerReasonLabel(l.action, l.reason),
    })),
    can: detailCan(viewer, c, access.facts),
  };
}
