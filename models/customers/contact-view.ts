import type { Types } from 'mongoose';
import { ContactModel, type Contact, type ContactRole } from './contact.model.js';
import { maskEmail, maskPhone, maskWechat } from './customer-access.js';
import { idAndName } from '../shared/id-and-name.js';

// A customer's contacts as pages show them: phones, WeChat ids and e-mails masked unless the viewer may
// see the customer's contact details (the policy's viewContacts), removed ones left out.

/** The most contacts one customer keeps (and a page lists). */
export const MAX_CONTACTS = 100;

export interface ContactView {
  id: string;
  name: string;
  position: string;
  role: ContactRole | null;
  isKeyPerson: boolean;
  phones: string[];
  wechat: string;
  email: string;
  /** A WeCom external contact: kept in step with WeCom, so it cannot be removed here. */
  fromWecom: boolean;
}

type ShownContact = Pick<
  Contact,
  'name' | 'position' | 'role' | 'isKeyPerson' | 'phones' | 'wechat' | 'email' | 'externalUserId'
> & { _id: Types.ObjectId };

export function contactView(p: ShownContact, mask: boolean): ContactView {
  return {
    ...idAndName(p),
    position: p.position,
    role: p.role ?? null,
    isKeyPerson: p.isKeyPerson,
    phones: mask ? p.phones.map(maskPhone) : p.phones,
    wechat: mask ? maskWechat(p.wechat ?? '') : (p.wechat ?? ''),
    email: mask ? maskEmail(p.email) : p.email,
    fromWecom: Boolean(p.externalUserId),
  };
}

/** The customer's current contacts, key persons first. */
export async function shownContacts(customerId: Types.ObjectId): Promise<ShownContact[]> {
  const contacts = await ContactModel.find(
    { customerId, removedAt: null },
    { name: 1, position: 1, role: 1, isKeyPerson: 1, phones: 1, wechat: 1, email: 1, externalUserId: 1 },
  )
    .limit(MAX_CONTACTS)
    .lean<ShownContact[]>();
  return contacts.sort((a, b) => Number(b.isKeyPerson) - Number(a.isKeyPerson));
}
