import type { Types } from 'mongoose';
import { normalizePhone } from '../../conflicts/keys/phone.js';
import { actingEmployee } from '../../org/permissions.js';
import { authorize, can } from '../../org/policy/policy.js';
import { AppError } from '../../shared/app-error.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { ContactModel, type Contact, type ContactRole } from '../contact.model.js';
import { contactView, MAX_CONTACTS, type ContactView } from '../contact-view.js';
import { loadCustomer } from '../customer-change.js';
import { refreshCompleteness, type RefreshedCompleteness } from './refresh-completeness.js';

// The people at a customer (联系人) and who decides (KP, 关键决策人). The holder, their manager and ops
// keep them (policy action editContacts); the completeness score follows every change, so marking the
// KP can green a staked customer. Removing hides a contact but keeps it for rulings and history;
// WeCom contacts follow WeCom and are not removed here.

export interface ContactInput {
  name?: string;
  position?: string;
  role?: ContactRole | null;
  phones?: string[];
  wechat?: string;
  email?: string;
  isKeyPerson?: boolean;
}

export interface ContactAnswer {
  contact: ContactView;
  completeness: RefreshedCompleteness;
}

/** The stored form of the fields given: trimmed, phones normalised (a number that is none is refused). */
function contactFields(input: ContactInput): Partial<Contact> {
  const fields: Partial<Contact> & Record<string, unknown> = { ...input };
  if (input.phones) {
    const phones = input.phones.map((raw) => ({ raw, phone: normalizePhone(raw) }));
    const bad = phones.find((p) => !p.phone);
    if (bad) {
      throw new AppError('VALIDATION_FAILED', `电话号码“${bad.raw}”不正确，请填写手机号或带区号的座机`, {
        details: { field: 'phones' },
      });
    }
    fields.phones = [...new Set(phones.map((p) => p.phone))];
  }
  return fields;
}

/** The customer and whether the acting employee may keep its contacts (refused through the policy). */
async function contactsOf(customerId: Types.ObjectId | string, ctx: DomainContext) {
  const employee = await actingEmployee(ctx.actor);
  const customer = await loadCustomer(customerId);
  const facts = await authorize(employee, 'editContacts', customer, ctx.now);
  // Ops may keep the contacts of a customer nobody holds, but see them masked like everyone.
  return { customer, masked: !can(employee, 'viewContacts', customer, facts) };
}

async function activeContact(contactId: Types.ObjectId | string): Promise<Contact & { _id: Types.ObjectId }> {
  const contact = await ContactModel.findOne({ _id: contactId, removedAt: null }).lean<
    Contact & { _id: Types.ObjectId }
  >();
  if (!contact?.customerId) {
    throw new AppError('CONTACT_NOT_FOUND', '找不到该联系人（可能已被删除）', {
      details: { contactId: String(contactId) },
    });
  }
  return contact;
}

/** Adds a person to the customer's contacts. */
export async function addContact(
  input: { customerId: Types.ObjectId | string; contact: ContactInput & { name: string } },
  ctx: DomainContext,
): Promise<ContactAnswer> {
  const { customer, masked } = await contactsOf(input.customerId, ctx);
  if ((await ContactModel.countDocuments({ customerId: customer._id, removedAt: null })) >= MAX_CONTACTS) {
    throw new AppError('VALIDATION_FAILED', `每个客户最多 ${MAX_CONTACTS} 位联系人，请先删除不再对接的人`, {
      details: { field: 'contacts', limit: MAX_CONTACTS },
    });
  }
  const created = await ContactModel.create({
    ...contactFields(input.contact),
    customerId: customer._id,
    corpName: customer.name,
    type: 0,
    createdAt: ctx.now,
  });
  const completeness = await refreshCompleteness(customer._id, ctx);
  return { contact: contactView(created.toObject(), masked), completeness };
}

/** Changes the fields given of one contact: role, phones, WeChat, KP flag… */
export async function editContact(
  input: { contactId: Types.ObjectId | string; changes: ContactInput },
  ctx: DomainContext,
): Promise<ContactAnswer> {
  const current = await activeContact(input.contactId);
  const { customer, masked } = await contactsOf(current.customerId!, ctx);
  const updated = await ContactModel.findOneAndUpdate(
    { _id: current._id, removedAt: null },
    { $set: { ...contactFields(input.changes), updatedAt: ctx.now } },
    { returnDocument: 'after', runValidators: true, timestamps: false },
  ).lean<Contact & { _id: Types.ObjectId }>();
  if (!updated) {
    throw new AppError('CONTACT_NOT_FOUND', '找不到该联系人（可能已被删除）');
  }
  const completeness = await refreshCompleteness(customer._id, ctx);
  return { contact: contactView(updated, masked), completeness };
}

/** Removes a hand-entered contact from the customer's pages (kept for rulings and history). */
export async function removeContact(
  input: { contactId: Types.ObjectId | string },
  ctx: DomainContext,
): Promise<{ completeness: RefreshedCompleteness }> {
  const current = await activeContact(input.contactId);
  const { customer } = await contactsOf(current.customerId!, ctx);
  if (current.externalUserId) {
    throw new AppError('INVALID_STATE', '企业微信联系人随企业微信同步，不能在这里删除；可以修改角色或取消 KP 标记');
  }
  const actor = ctx.actor.kind === 'employee' ? ctx.actor.employeeId : null;
  await ContactModel.updateOne(
    { _id: current._id, removedAt: null },
    { $set: { removedAt: ctx.now, removedBy: actor } },
    { timestamps: false },
  );
  return { completeness: await refreshCompleteness(customer._id, ctx) };
}
