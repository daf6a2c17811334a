import type { Types } from 'mongoose';
import type { Customer } from '../customers/customer.model.js';
import { followUpContextFor } from './follow-up-context.js';
import { followUpQuality, type FollowUpVerdict } from './follow-up-quality.js';
import { FollowUpModel, type FollowUp, type FollowUpChannel } from './follow-up.model.js';
import { changeCustomer, loadCustomer } from '../customers/customer-change.js';
import type { DomainContext } from '../shared/domain-context.js';
import { actingEmployee, sameId } from '../org/permissions.js';
import { poolRulesResolver } from '../pool/pool-rules.js';
import { computeProtection } from '../pool/protection.js';
import { authorize } from '../org/policy/policy.js';
import { AppError } from '../shared/app-error.js';
import { DAY, HOUR } from '../shared/clock.js';
import { startOfBusinessDate } from '../shared/business-day.js';

export interface FollowUpInput {
  customerId: Types.ObjectId | string;
  content: string;
  channel?: FollowUpChannel;
  contactId?: Types.ObjectId | string | null;
  contactName?: string | null;
  nextStep?: string | null;
  nextFollowUpAt?: Date | null;
  /** The planned day instead of an instant (YYYY-MM-DD in the business time zone): 9:00 that day. */
  nextFollowUpDate?: string | null;
}

export interface RecordedFollowUp {
  followUp: FollowUp;
  verdict: FollowUpVerdict;
  /** Whether this note reset the drop clock (valid, and written by the owner). */
  counted: boolean;
  /** An invalid note that replaced the author's previous invalid note on this customer (edited, not appended). */
  revised: boolean;
  customer: Customer;
}

const MAX_PLAN_DAYS = 365;

/** A planned next follow-up (下次跟进时间) lies ahead, within a year; anything else changes nothing. */
function checkNextFollowUp(at: Date | null, now: Date): void {
  if (!at) return;
  if (at.getTime() <= now.getTime() || at.getTime() - now.getTime() > MAX_PLAN_DAYS * DAY) {
    const message = `下次跟进时间应在现在之后、${MAX_PLAN_DAYS} 天以内`;
    throw new AppError('VALIDATION_FAILED', message, {
      details: { problems: [{ field: 'body.nextFollowUpAt', message }] },
    });
  }
}

/**
 * Records a follow-up (跟进记录) with its quality verdict. Every note is kept, but only a valid note
 * by the owner of a private customer resets the drop clock; filler is saved, marked, and changes
 * nothing about the drop date.
 */
export async function recordFollowUp(input: FollowUpInput, ctx: DomainContext): Promise<RecordedFollowUp> {
  const author = await actingEmployee(ctx.actor);
  const customer = await loadCustomer(input.customerId);
  await authorize(author, 'followUp', customer, ctx.now);
  if (input.nextFollowUpDate) {
    input = {
      ...input,
      nextFollowUpAt: new Date(startOfBusinessDate(input.nextFollowUpDate, ctx.config.timezone).getTime() + 9 * HOUR),
    };
  }
  checkNextFollowUp(input.nextFollowUpAt ?? null, ctx.now);

  const context = await followUpContextFor(customer, author._id, input);
  const { contactName } = context;
  const verdict = followUpQuality(input.content, context);

  const rules = poolRulesResolver(ctx.config);
  let counted = false;
  const result = await changeCustomer(customer._id, ctx, async (current) => {
    counted = verdict.valid && current.poolState === 'private' && sameId(current.ownerId, author._id);
    const set: Partial<Customer> = { lastFollowUpAt: ctx.now };
    if (counted) {
      set.lastValidFollowUpAt = ctx.now;
      Object.assign(
        set,
        computeProtection({ ...current, ...set }, await rules(current.ownerDepartmentId ?? null), ctx.config.timezone),
      );
    }
    return { set };
  });

  const { followUp, revised } = await storeNote(input, {
    customer,
    authorId: author._id,
    contactName,
    verdict,
    counted,
    now: ctx.now,
  });
  // A new note supersedes the plans of earlier ones for this customer.
  await FollowUpModel.updateMany(
    { customerId: customer._id, _id: { $ne: followUp._id }, nextFollowUpAt: { $ne: null }, nextFollowUpDoneAt: null },
    { $set: { nextFollowUpDoneAt: ctx.now } },
  );
  return { followUp, verdict, counted, revised, customer: result!.after };
}

interface StoreContext {
  customer: Pick<Customer, '_id'>;
  authorId: Types.ObjectId;
  contactName: string;
  verdict: FollowUpVerdict;
  counted: boolean;
  now: Date;
}

// Invalid notes typed again and again on one customer are one record the rep keeps editing, not a
// pile of filler: when the author's latest note here is invalid too, the new one replaces it.
async function storeNote(input: FollowUpInput, s: StoreContext): Promise<{ followUp: FollowUp; revised: boolean }> {
  const fields = {
    contactId: input.contactId ?? null,
    contactName: s.contactName,
    channel: input.channel ?? 'other',
    content: input.content,
    nextStep: input.nextStep ?? '',
    nextFollowUpAt: input.nextFollowUpAt ?? null,
    quality: { valid: s.verdict.valid, score: s.verdict.score, reasons: s.verdict.reasons },
    countedForProtection: s.counted,
  };
  if (!s.verdict.valid) {
    const latest = await FollowUpModel.findOne({ customerId: s.customer._id, authorId: s.authorId }, { quality: 1 })
      .sort({ createdAt: -1 })
      .lean();
    if (latest?.quality && !latest.quality.valid) {
      const revised = await FollowUpModel.findOneAndUpdate(
        { _id: latest._id, 'quality.valid': false },
        { $set: { ...fields, revisedAt: s.now }, $inc: { revisions: 1 } },
        { new: true },
      ).lean();
      if (revised) return { followUp: revised, revised: true };
    }
  }
  const created = await FollowUpModel.create({
    customerId: s.customer._id,
    authorId: s.authorId,
    ...fields,
    createdAt: s.now,
  });
  return { followUp: created.toObject(), revised: false };
}
