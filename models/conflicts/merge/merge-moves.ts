import type { Types } from 'mongoose';
import { ChatMessageModel } from '../../bots/chat-message.model.js';
import { ContactDisclosureModel } from '../../customers/contact-disclosure.model.js';
import { ContactModel } from '../../customers/contact.model.js';
import { LedgerEntryModel } from '../../customers/ledger-entry.model.js';
import { OpportunityModel } from '../../customers/opportunity.model.js';
import { FollowUpModel } from '../../follow-ups/follow-up.model.js';
import { WecomTransferModel } from '../../handovers/wecom-transfer.model.js';
import { ChatLeadModel } from '../../leads/chat-lead.model.js';
import { InboundLeadModel } from '../../leads/inbound-lead.model.js';
import { ignoreDuplicateKeys } from '../../shared/duplicate-key.js';
import { DuplicateFlagModel } from '../duplicate-flag.model.js';

// What moves from an absorbed customer to its survivor. Each move re-points documents by their
// customer id (an indexed filter; every document is updated on its own, atomically), so running a
// move again after a crash moves what is left and changes nothing else.

/** Contacts (with their WeCom relations), follow-ups, opportunities, leads, chats, transfers (cases: merge-cases.ts). */
export async function moveDependents(from: Types.ObjectId, to: Types.ObjectId): Promise<void> {
  const repoint = { $set: { customerId: to } };
  await Promise.all([
    ContactModel.updateMany({ customerId: from }, repoint),
    FollowUpModel.updateMany({ customerId: from }, repoint),
    OpportunityModel.updateMany({ customerId: from }, repoint),
    WecomTransferModel.updateMany({ customerId: from }, repoint),
    ChatLeadModel.updateMany({ customerId: from }, repoint),
    InboundLeadModel.updateMany({ customerId: from }, repoint),
    ChatMessageModel.updateMany({ customerId: from }, repoint),
    ContactDisclosureModel.updateMany({ customerId: from }, repoint),
  ]);
}

const LEDGER_BATCH = 500;

/**
 * Copies the absorbed customer's ledger to the survivor (the ledger is append-only, so its own entries
 * stay where they are). A copy's id is derived from the original's, so copying twice writes nothing.
 */
export async function copyLedger(from: Types.ObjectId, to: Types.ObjectId): Promise<number> {
  const entries = await LedgerEntryModel.find({ customerId: from }).sort({ at: 1 }).lean();
  for (let i = 0; i < entries.length; i += LEDGER_BATCH) {
    const copies = entries.slice(i, i + LEDGER_BATCH).map((e) => ({
      ...e,
      _id: `${e._id}>${String(to)}`,
      customerId: to,
      mergedFrom: e.mergedFrom ?? from,
    }));
    try {
      await LedgerEntryModel.insertMany(copies, { ordered: false });
    } catch (error) {
      ignoreDuplicateKeys(error);
    }
  }
  return entries.length;
}

/**
 * Settles the flags of a merge: the flags between the two are merged; the other flags of the absorbed
 * customer now name the survivor instead (one that ends up pairing the survivor with itself is merged).
 */
export async function settleFlags(
  from: Types.ObjectId,
  to: Types.ObjectId,
  decided: { by: Types.ObjectId | null; at: Date },
): Promise<void> {
  const merged = { status: 'merged', decidedBy: decided.by, decidedAt: decided.at, survivorId: to };
  await DuplicateFlagModel.updateMany(
    { customerId: { $in: [from, to] }, candidateId: { $in: [from, to] }, status: 'open' },
    { $set: merged },
  );
  // Open and kept-apart pairs carry over; decided merges keep the ids they were decided on.
  const live = { $in: ['open', 'kept'] as ('open' | 'kept')[] };
  await DuplicateFlagModel.updateMany({ customerId: from, status: live }, { $set: { customerId: to } });
  await DuplicateFlagModel.updateMany({ candidateId: from, status: live }, { $set: { candidateId: to } });
  await DuplicateFlagModel.updateMany({ customerId: to, candidateId: to, status: 'open' }, { $set: merged });
}
