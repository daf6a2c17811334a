import type { Types } from 'mongoose';
import { ContactModel } from '../customers/contact.model.js';
import type { Customer } from '../customers/customer.model.js';
import { AppError } from '../shared/app-error.js';
import { FollowUpModel } from './follow-up.model.js';
import type { FollowUpContext } from './follow-up-quality.js';

export interface FollowUpDraft {
  contactId?: Types.ObjectId | string | null;
  contactName?: string | null;
  nextStep?: string | null;
  nextFollowUpAt?: Date | null;
}

/**
 * What followUpQuality needs to know about a customer and an author beyond the text: the picked
 * contact, the customer's known contacts, the plan, and the author's previous note. Shared by saving
 * a note and by the live check the form runs while the rep types, so both give the same verdict.
 */
export async function followUpContextFor(
  customer: Pick<Customer, '_id'>,
  authorId: Types.ObjectId,
  draft: FollowUpDraft,
): Promise<FollowUpContext & { contactName: string }> {
  let contactName = draft.contactName?.trim() ?? '';
  if (draft.contactId) {
    const contact = await ContactModel.findOne({ _id: draft.contactId, customerId: customer._id }, { name: 1 }).lean();
    if (!contact) {
      throw new AppError('VALIDATION_FAILED', '所选联系人不属于该客户', { details: { field: 'contactId' } });
    }
    contactName = contact.name;
  }
  const [knownContacts, previous] = await Promise.all([
    ContactModel.find({ customerId: customer._id }, { name: 1 }).limit(200).lean(),
    FollowUpModel.findOne({ customerId: customer._id, authorId }, { content: 1 }).sort({ createdAt: -1 }).lean(),
  ]);
  return {
    contactName,
    knownContactNames: knownContacts.map((c) => c.name),
    nextStep: draft.nextStep ?? null,
    nextFollowUpAt: draft.nextFollowUpAt ?? null,
    previousContent: previous?.content ?? null,
  };
}
