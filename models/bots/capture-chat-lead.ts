import { ChatLeadModel, type ChatLead, type ChatLeadOutcome } from '../leads/chat-lead.model.js';
import { ContactModel, type Contact } from '../customers/contact.model.js';
import { CustomerModel, type Customer, type CustomerSource } from '../customers/customer.model.js';
import type { Employee } from '../org/employee.model.js';
import { isAppError } from '../shared/app-error.js';
import { createCustomer } from '../customers/use-cases/create-customer.js';
import { isDuplicateKeyError } from '../shared/duplicate-key.js';
import type { DomainContext } from '../shared/domain-context.js';
import { activeEmployee, sameId } from '../org/permissions.js';
import { employeeName } from '../pool/transitions.js';
import { autoAssignNewLead } from '../pool/auto-assign.js';
import { MINUTE } from '../shared/clock.js';
import { customerKeys } from '../conflicts/keys/customer-keys.js';
import { withNamedLock } from '../shared/named-lock.js';
import { placeholderCompanyName, upsertChatContact, type ChatContactInput } from './chat-contact.js';
import { queueLeadNotice } from '../leads/chat-lead-notices.js';
import { sameEntityForLead } from './conflict-check.js';
import { leaseExpiry, takeLease } from '../shared/lease.js';

// A conversation becomes a lead (DOMAIN.md "WeCom specifics"): when an external contact chats with
// a rep, joins a rep's customer group or becomes their friend, the contact is recorded, the conflict
// check runs, and the rep gets a new customer, or is pointed at the existing one. A customer owned
// by someone else is never taken: the rep is told who owns it.
//
// Idempotent: the first message for a (contact, rep) pair claims a ChatLead document by its _id;
// repeated and concurrent messages find it and do nothing. A handler that died mid-way leaves a
// lease that a later message takes over, and the retry finds whatever was already created.

export type ChatLeadVia = 'chat' | 'group' | 'friendship';

export interface CaptureChatLeadInput {
  contact: ChatContactInput;
  via: ChatLeadVia;
  botName: string;
}

export type CaptureChatLeadResult =
  | { captured: false; lead: ChatLead | null }
  | {
      captured: true;
      outcome: ChatLeadOutcome;
      customer: Customer;
      contact: Contact;
      ownerName: string;
      overflowedToPublic: boolean;
    };

const LEASE_MS = 2 * MINUTE;
const sourceOf: Record<ChatLeadVia, CustomerSource> = { chat: 'chat', group: 'group', friendship: 'wecom' };

/** Records the contact and their lead for the acting rep (ctx.actor), or for the public pool (system actor). */
export async function captureChatLead(input: CaptureChatLeadInput, ctx: DomainContext): Promise<CaptureChatLeadResult> {
  const rep = ctx.actor.kind === 'employee' ? await activeEmployee(ctx.actor.employeeId) : null;
  const leadId = `${input.contact.key}|${rep ? String(rep._id) : 'none'}`;
  if (!(await claimLead(leadId, input, rep, ctx.now))) {
    return { captured: false, lead: await ChatLeadModel.findById(leadId).lean<ChatLead>() };
  }

  const contact = await upsertChatContact(input.contact, rep, ctx.now);
  const name = input.contact.corpName.trim() || placeholderCompanyName(input.contact);
  // The same lock as leads from WeCom events (models/leads/wecom-lead.ts): contacts of one new
  // company arriving at once, by chat or by WeCom event, end with one customer.
  const { customer, created, overflowedToPublic } = await withNamedLock(
    `lead:${customerKeys({ name }).keys.normalizedName}`,
    () => customerFor(contact, name, input, ctx),
  );
  await ContactModel.updateOne({ _id: contact._id, customerId: null }, { $set: { customerId: customer._id } });
  const outcome = outcomeFor(customer, rep, created);
  const holder = customer.ownerId ?? customer.stakedBy;
  const ownerName = holder && !sameId(holder, rep?._id) ? await employeeName(holder) : '';

  await ChatLeadModel.updateOne(
    { _id: leadId },
    {
      $set: { status: 'done', leaseUntil: null, contactId: contact._id, customerId: customer._id, outcome },
    },
  );
  if (rep) {
    await queueLeadNotice({
      leadId,
      outcome,
      rep,
      contactName: contact.name,
      customer,
      ownerName,
      overflowedToPublic,
      timezone: ctx.config.timezone,
      now: ctx.now,
    });
  }
  return {
    captured: true,
    outcome,
    customer,
    contact: { ...contact, customerId: contact.customerId ?? customer._id },
    ownerName,
    overflowedToPublic,
  };
}

/** Takes the right to process this lead: a fresh one, or one whose previous handler's lease ran out. */
async function claimLead(
  leadId: string,
  input: CaptureChatLeadInput,
  rep: Employee | null,
  now: Date,
): Promise<boolean> {
  const leaseUntil = leaseExpiry(now, LEASE_MS);
  try {
    await ChatLeadModel.create({
      _id: leadId,
      contactKey: input.contact.key,
      repId: rep?._id ?? null,
      status: 'processing',
      leaseUntil,
      via: input.via,
      botName: input.botName,
      createdAt: now,
      updatedAt: now,
    });
    return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) {
      throw error;
    }
  }
  const takenOver = await takeLease<ChatLead>(ChatLeadModel, { _id: leadId, status: 'processing' }, now, LEASE_MS);
  return takenOver !== null;
}

async function customerFor(
  contact: Contact,
  name: string,
  input: CaptureChatLeadInput,
  ctx: DomainContext,
): Promise<{ customer: Customer; created: boolean; overflowedToPublic: boolean }> {
  // Read again under the lock: a WeCom event may have linked the contact meanwhile.
  const linked = (await ContactModel.findById(contact._id, { customerId: 1 }).lean())?.customerId;
  const existing = linked
    ? await CustomerModel.findById(linked).lean<Customer>()
    : await sameEntityForLead({ externalUserId: input.contact.externalUserId, name, phones: input.contact.phones });
  if (existing) {
    return { customer: existing, created: false, overflowedToPublic: false };
  }
  try {
    return await createLead(name, input, ctx);
  } catch (error) {
    // The creation found the same entity after all (a colleague of the same company was captured a
    // moment ago, or the creation check knows more keys than the lookup): attach to that customer.
    const duplicateId = isAppError(error, 'DUPLICATE_CUSTOMER') ? error.details?.customerId : undefined;
    const duplicate =
      typeof duplicateId === 'string' ? await CustomerModel.findById(duplicateId).lean<Customer>() : null;
    if (!duplicate) {
      throw error;
    }
    return { customer: duplicate, created: false, overflowedToPublic: false };
  }
}

async function createLead(
  name: string,
  input: CaptureChatLeadInput,
  ctx: DomainContext,
): Promise<{ customer: Customer; created: true; overflowedToPublic: boolean }> {
  const customer = {
    name,
    phones: input.contact.phones,
    source: sourceOf[input.via],
    sourceDetail: `bot:${input.botName}`,
  };
  if (ctx.actor.kind !== 'employee') {
    // A public-pool lead of the assistant account: the company's lead department's rule may assign it.
    const created = await createCustomer({ customer, into: 'public' }, ctx);
    const assigned = await autoAssignNewLead(created._id, ctx);
    const current = assigned.assigned ? await CustomerModel.findById(created._id).lean<Customer>() : null;
    return { customer: current ?? created, created: true, overflowedToPublic: false };
  }
  try {
    return {
      customer: await createCustomer({ customer, into: 'private' }, ctx),
      created: true,
      overflowedToPublic: false,
    };
  } catch (error) {
    // A full private pool must not lose the lead: it waits in the public pool and the rep is told.
    if (!isAppError(error, 'POOL_CAPACITY_FULL')) {
      throw error;
    }
    return {
      customer: await createCustomer({ customer, into: 'public' }, ctx),
      created: true,
      overflowedToPublic: true,
    };
  }
}

function outcomeFor(customer: Customer, rep: Employee | null, created: boolean): ChatLeadOutcome {
  if (created) {
    return 'created';
  }
  const holder = customer.ownerId ?? customer.stakedBy;
  if (rep && sameId(holder, rep._id)) {
    return 'attached-own';
  }
  return holder ? 'owned-by-other' : 'attached-public';
}
