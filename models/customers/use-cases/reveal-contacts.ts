import type { Types } from 'mongoose';
import { actingEmployee } from '../../org/permissions.js';
import { authorize } from '../../org/policy/policy.js';
import { AppError } from '../../shared/app-error.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { ContactDisclosureModel } from '../contact-disclosure.model.js';
import { ContactModel } from '../contact.model.js';
import { loadCustomer } from '../customer-change.js';
import { idAndName } from '../../shared/id-and-name.js';

// Contact details of customers nobody holds are masked for every role. Sales ops and admins may reveal
// them for one customer at a time, with a reason; each reveal is written to the audit trail first.

export interface RevealedContacts {
  customerId: string;
  phones: string[];
  boss: string;
  legalRepresentative: string;
  contacts: { id: string; name: string; phones: string[]; wechat: string; email: string }[];
}

/** Reveals one unheld customer's contact details to ops/admins (policy action `unmask`), audited. */
export async function revealCustomerContacts(
  input: { customerId: Types.ObjectId | string; reason: string },
  ctx: DomainContext,
): Promise<RevealedContacts> {
  const viewer = await actingEmployee(ctx.actor);
  const customer = await loadCustomer(input.customerId);
  await authorize(viewer, 'unmask', customer, ctx.now);
  const reason = input.reason.trim();
  if (reason.length < 2) {
    throw new AppError('VALIDATION_FAILED', '请写明查看联系方式的原因', { details: { field: 'reason' } });
  }
  await ContactDisclosureModel.create({
    customerId: customer._id,
    customerName: customer.name,
    employeeId: viewer._id,
    employeeName: viewer.name,
    reason,
    at: ctx.now,
  });
  const contacts = await ContactModel.find(
    { customerId: customer._id, removedAt: null },
    { name: 1, phones: 1, email: 1, wechat: 1 },
  )
    .limit(100)
    .lean();
  return {
    customerId: String(customer._id),
    phones: customer.phones,
    boss: customer.boss,
    legalRepresentative: customer.legalRepresentative,
    contacts: contacts.map((p) => ({
      ...idAndName(p),
      phones: p.phones,
      wechat: p.wechat,
      email: p.email,
    })),
  };
}
