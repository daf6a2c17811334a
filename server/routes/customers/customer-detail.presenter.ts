import type { Types } from 'mongoose';
import type { Customer } from '../../../models/customers/customer.model.js';
import type { CustomerView } from '../../../models/customers/use-cases/customer-detail.js';
import { actorLabel, ledgerReasonLabel } from '../../../models/shared/vocabulary.js';
import type { CustomerDetailAnswer } from './customer-answers.schema.js';
import { idAndName } from '../../../models/shared/id-and-name.js';

// The detail page's answer (GET /api/customers/:id), shaped from the domain's view of the customer:
// ids as strings, instants as ISO strings, people by name, the newest history first.

type Answer = CustomerDetailAnswer;

function historyOf(h: Customer['gradeHistory'], nameOf: CustomerView['nameOf']): Answer['gradeHistory'] {
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

function profileOf(c: Customer): Answer['profile'] {
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
    boss: c.boss,
    legalRepresentative: c.legalRepresentative,
    creditCode: c.creditCode ?? '',
    phones: c.phones,
    fields,
  };
}

function followUpsOf(view: CustomerView): Answer['followUps'] {
  return view.followUps.map((f) => ({
    id: String(f._id),
    at: f.createdAt.toISOString(),
    author: view.nameOf(f.authorId),
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

export function presentCustomerDetail(view: CustomerView): CustomerDetailAnswer {
  const { customer: c, nameOf } = view;
  const person = (id: Types.ObjectId | null | undefined) => (id ? { id: String(id), name: nameOf(id) } : null);
  return {
    ...idAndName(c),
    state: c.poolState,
    mergedInto: c.mergedInto ? String(c.mergedInto) : null,
    stage: c.stage,
    grade: c.grade ?? null,
    owner: person(c.ownerId),
    stakedBy: person(c.stakedBy),
    stakeDeadline: c.stakeDeadline?.toISOString() ?? null,
    locked: c.locked,
    drop: view.drop,
    cooldownUntil: view.cooldownUntil?.toISOString() ?? null,
    profile: profileOf(c),
    completeness: view.completeness,
    contacts: view.contacts,
    contactsMasked: view.masked,
    opportunities: view.opportunities,
    opportunityStages: view.opportunityStages,
    contract: view.contract,
    followUps: followUpsOf(view),
    gradeHistory: historyOf(c.gradeHistory, nameOf),
    stageHistory: historyOf(c.stageHistory, nameOf),
    ledger: view.ledger.map((l) => ({
      at: l.at.toISOString(),
      action: l.action,
      actor: l.actorName ? actorLabel(l.actorKind, l.actorName) : nameOf(l.actorId),
      reason: ledgerReasonLabel(l.action, l.reason),
    })),
    can: view.can,
  };
}
