import { findSameEntity } from '../conflicts/find-same-entity.js';
import { ContactModel, type Contact } from '../customers/contact.model.js';
import { CustomerModel, type Customer } from '../customers/customer.model.js';
import type { Employee } from '../org/employee.model.js';
import { isAppError } from '../shared/app-error.js';
import { enqueueMessages, textMessage } from '../messages/employee-message.js';
import { customerFields, inCreatorTurn, insertCheckedCustomer } from '../customers/use-cases/create-customer.js';
import type { DomainContext } from '../shared/domain-context.js';
import { rememberActingEmployee, sameId } from '../org/permissions.js';
import { employeeName } from '../pool/transitions.js';
import { tellHolderOfNewRelation } from './holder-notice.js';
import { companyOf, type WecomContactSnapshot } from '../wecom/upsert-contact.js';
import { groupedById } from '../shared/group-commit.js';
import { groupedWrite } from '../shared/grouped-writes.js';

// A rep added an external contact in WeCom: the contact becomes a lead (线索) in the rep's private
// pool, with the contact-way State as the lead source — or joins the customer it already belongs to.
// A customer someone else owns is never taken from them; the rep is told who owns it, and the owner
// who added one of their clients.

export type LeadOutcome =
  | { kind: 'created'; customerId: string }
  | { kind: 'attached'; customerId: string; ownedBy: 'rep' | 'other' | 'public' | 'staked' | 'quarantined' }
  | { kind: 'already-linked'; customerId: string }
  | { kind: 'pool-full' };

/** The customer name for a contact: its company, or (for a private WeChat user) a name unique to the contact. */
export function leadName(snapshot: WecomContactSnapshot): string {
  return companyOf(snapshot) || `${snapshot.name || '客户'}（企微客户 ${snapshot.externalUserId.slice(-6)}）`;
}

// Concurrent leads (a WeCom event burst) share their contact reads and links (models/shared/grouped-writes.ts).
const contactLinks = groupedById<Pick<Contact, 'customerId'> & { _id: Contact['_id'] }>((ids) =>
  ContactModel.find({ _id: { $in: ids } }, { customerId: 1 }).lean(),
);
const writeLink = groupedWrite(() => ContactModel.collection);

async function link(contact: Contact, customerId: Customer['_id']): Promise<void> {
  // Through the driver, with what the schema's timestamps add: the values are ids already.
  await writeLink({
    updateOne: {
      filter: { _id: contact._id, customerId: null },
      update: { $set: { customerId, updatedAt: new Date() } },
    },
  });
}

function ownership(customer: Customer, rep: Employee): 'rep' | 'other' | 'public' | 'staked' | 'quarantined' {
  if (customer.poolState === 'private') {
    return sameId(customer.ownerId, rep._id) ? 'rep' : 'other';
  }
  if (customer.poolState === 'staked') {
    return sameId(customer.stakedBy, rep._id) ? 'rep' : 'staked';
  }
  return customer.poolState === 'public' ? 'public' : 'quarantined';
}

/**
 * Turns a contact the rep added into a lead, or attaches it to the same entity's existing customer
 * (by WeCom id, unionid, company name, credit code or phone: findSameEntity). Safe to repeat: a
 * retried event finds the customer it created the first time. `messageKey` makes its messages unique
 * per cause (the event id).
 */
export async function recordWecomLead(
  input: { contact: Contact; snapshot: WecomContactSnapshot; rep: Employee; state: string; messageKey: string },
  ctx: DomainContext,
): Promise<LeadOutcome> {
  if (input.contact.customerId) {
    return alreadyLinked(input, input.contact.customerId, ctx.now);
  }
  // Two reps adding contacts of one new company at the same moment must end with one customer: the
  // check-then-create runs in the creators' turn of its core name (the same turn createCustomer takes).
  const name = leadName(input.snapshot);
  const phones = input.snapshot.followUsers.flatMap((f) => f.remarkMobiles);
  const fields = await customerFields({ name, phones, source: 'wecom', sourceDetail: input.state });
  const repCtx: DomainContext = {
    ...ctx,
    actor: { kind: 'employee', employeeId: input.rep._id, role: input.rep.role },
  };
  // The rep was read (and found active) by the caller: the creation does not read them again.
  rememberActingEmployee(repCtx.actor, input.rep);
  return inCreatorTurn(fields, async () => {
    const fresh = await contactLinks(input.contact._id);
    if (fresh?.customerId) {
      return alreadyLinked(input, fresh.customerId, ctx.now);
    }
    // Read just now, in the turn: the contact of this WeCom id has no customer, so the check need not look it up.
    return leadInTurn(input, { name, phones, fields, linked: fresh ? null : undefined }, repCtx);
  });
}

/** The client is known already (another rep added them first): its customer's holder hears of the new relation. */
async function alreadyLinked(
  input: { snapshot: WecomContactSnapshot; rep: Employee },
  customerId: Customer['_id'],
  now: Date,
): Promise<LeadOutcome> {
  const customer = await CustomerModel.findById(customerId).lean<Customer>();
  if (customer) {
    await tellHolderOfNewRelation(
      { customer, rep: input.rep, contactName: input.snapshot.name, externalUserId: input.snapshot.externalUserId },
      now,
    );
  }
  return { kind: 'already-linked', customerId: String(customerId) };
}

async function leadInTurn(
  input: { contact: Contact; snapshot: WecomContactSnapshot; rep: Employee; state: string; messageKey: string },
  lead: { name: string; phones: string[]; fields: Partial<Customer>; linked: null | undefined },
  ctx: DomainContext,
): Promise<LeadOutcome> {
  const { contact, snapshot, rep } = input;
  // The one duplicate check of the creation: by WeCom id, unionid, name and phones (createCustomer's own
  // check is by name and phones, so it would find nothing this one did not).
  let existing = await findSameEntity({
    name: lead.name,
    phones: lead.phones,
    externalUserId: snapshot.externalUserId,
    externalUserCustomerId: contact.externalUserId === snapshot.externalUserId ? lead.linked : undefined,
    unionId: snapshot.unionId ?? null,
  });
  if (!existing) {
    try {
      const created = await insertCheckedCustomer(lead.fields, 'private', ctx);
      await link(contact, created._id);
      return { kind: 'created', customerId: String(created._id) };
    } catch (error) {
      if (isAppError(error, 'POOL_CAPACITY_FULL')) {
        await tellPoolFull(input, ctx.now);
        return { kind: 'pool-full' };
      }
      if (!isAppError(error, 'DUPLICATE_CUSTOMER')) {
        throw error;
      }
      // The same credit code stored a moment ago: attach to it.
      existing = await findSameEntity({ name: lead.name });
      if (!existing) {
        throw error;
      }
    }
  }
  await link(contact, existing._id);
  const ownedBy = ownership(existing, rep);
  if (ownedBy !== 'rep') {
    await tellAttached(input, existing, ownedBy, ctx.now);
  }
  return { kind: 'attached', customerId: String(existing._id), ownedBy };
}

async function tellPoolFull(
  input: { snapshot: WecomContactSnapshot; rep: Employee; messageKey: string },
  now: Date,
): Promise<void> {
  await enqueueMessages(
    [
      {
        id: `${input.messageKey}:pool-full`,
        toUserId: input.rep.userId,
        kind: 'wecom-lead',
        payload: textMessage(
          `你添加的客户“${input.snapshot.name}”已记录为联系人，但你的私海库容已满，未能建档为线索。请先释放一个客户，系统会在下次同步时为其建档。`,
        ),
      },
    ],
    now,
  );
}

/**
 * Tells the rep whose contact joined a customer someone else holds (or nobody does) where it went, and
 * the holder who added one of their clients.
 */
async function tellAttached(
  input: { snapshot: WecomContactSnapshot; rep: Employee; messageKey: string },
  existing: Customer,
  ownedBy: Exclude<ReturnType<typeof ownership>, 'rep'>,
  now: Date,
): Promise<void> {
  const { snapshot, rep } = input;
  const owner =
    ownedBy === 'other'
      ? await employeeName(existing.ownerId)
      : ownedBy === 'staked'
        ? await employeeName(existing.stakedBy)
        : '';
  const text = {
    other: `你添加的“${snapshot.name}”属于客户“${existing.name}”，该客户由 ${owner} 跟进，联系人已关联到该客户。如有异议可发起撞单申诉。`,
    staked: `你添加的“${snapshot.name}”属于客户“${existing.name}”，该客户已被 ${owner} 占坑，联系人已关联到该客户。`,
    public: `你添加的“${snapshot.name}”属于公海客户“${existing.name}”，联系人已关联。需要跟进请在小程序中认领。`,
    quarantined: `你添加的“${snapshot.name}”属于客户“${existing.name}”，该客户数据待清洗，暂不能认领。`,
  }[ownedBy];
  await enqueueMessages(
    [{ id: `${input.messageKey}:attached`, toUserId: rep.userId, kind: 'wecom-lead', payload: textMessage(text) }],
    now,
  );
  await tellHolderOfNewRelation(
    { customer: existing, rep, contactName: snapshot.name, externalUserId: snapshot.externalUserId },
    now,
  );
}
