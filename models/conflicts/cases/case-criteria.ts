import type { Types } from 'mongoose';
import { ContactModel } from '../../customers/contact.model.js';
import type { Employee } from '../../org/employee.model.js';
import { FollowUpModel } from '../../follow-ups/follow-up.model.js';
import { LedgerEntryModel } from '../../customers/ledger-entry.model.js';
import { OpportunityModel, type OpportunityStage } from '../../customers/opportunity.model.js';
import { sameId } from '../../org/permissions.js';
import { DAY } from '../../shared/clock.js';

// The facts a conflict ruling rests on (冲突判定标准), computed from the records for each side: who
// contacted the company first, whether the contact is real, whether the key decision maker (KP) was
// reached, how many follow-ups are valid (filler does not count), and whether the deal is moving.

/** Days that count as "recent" progress. */
export const RECENT_DAYS = 30;

const stageRank: Record<OpportunityStage, number> = {
  qualify: 1,
  needs: 2,
  proposal: 3,
  negotiation: 4,
  won: 5,
  lost: 0,
};
const realChannels = new Set(['wecom', 'phone', 'visit', 'meeting']);

export interface SideCriteria {
  employeeId: string;
  name: string;
  /** First real contact: a valid follow-up or adding a contact in WeCom. */
  firstContactAt: Date | null;
  firstContactBy: 'follow-up' | 'wecom' | null;
  /** When they started holding the customer (claim, create, assignment…), for reference. */
  holdingSince: Date | null;
  /** A WeCom contact they still have, or a valid follow-up with a named person over a real channel. */
  realContact: boolean;
  /** A key decision maker among their WeCom contacts or the people their valid follow-ups name. */
  kpReached: boolean;
  validFollowUps: number;
  /** Follow-ups flagged as filler or too thin (无效跟进). */
  invalidFollowUps: number;
  lastValidFollowUpAt: Date | null;
  recentValidFollowUps: number;
  /** The most advanced opportunity they own on the company, if any. */
  opportunity: { stage: OpportunityStage; amount: number; lastMovedAt: Date | null } | null;
  /** Stage rank × 2 + recent valid follow-ups (at most 5): the "is it moving" measure. */
  progress: number;
}

type Side = Pick<Employee, '_id' | 'name' | 'userId'>;

const earliest = (dates: (Date | null | undefined)[]): Date | null =>
  dates.filter((d): d is Date => d instanceof Date).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;

/** The criteria for one side, over the customer records that side has of the company. */
export async function sideCriteria(side: Side, customerIds: Types.ObjectId[], now: Date): Promise<SideCriteria> {
  const [ledger, followUps, contacts, opportunities] = await Promise.all([
    LedgerEntryModel.find({ customerId: { $in: customerIds } }, { action: 1, after: 1, at: 1 }).lean(),
    FollowUpModel.find(
      { customerId: { $in: customerIds }, authorId: side._id },
      { quality: 1, contactId: 1, contactName: 1, channel: 1, createdAt: 1, revisions: 1 },
    ).lean(),
    ContactModel.find({ customerId: { $in: customerIds } }, { name: 1, isKeyPerson: 1, followUsers: 1 }).lean(),
    OpportunityModel.find(
      { customerId: { $in: customerIds }, ownerId: side._id },
      { stage: 1, amount: 1, stageHistory: 1, createdAt: 1 },
    ).lean(),
  ]);
  const id = String(side._id);
  const holding = ledger.filter((e) => {
    const after = (e.after ?? {}) as { ownerId?: Types.ObjectId | null; stakedBy?: Types.ObjectId | null };
    return sameId(after.ownerId, id) || sameId(after.stakedBy, id);
  });
  const valid = followUps.filter((f) => f.quality?.valid === true);
  const mine = contacts
    .map((c) => ({
      contact: c,
      link: c.followUsers.find((u) => u.userId === side.userId || String(u.employeeId ?? '') === id),
    }))
    .filter((c) => c.link);
  const keyPeople = contacts.filter((c) => c.isKeyPerson);
  const firstFollowUp = earliest(valid.map((f) => f.createdAt));
  const firstWecom = earliest(mine.map((c) => c.link!.addedAt));
  const firstContactAt = earliest([firstFollowUp, firstWecom]);
  const recent = valid.filter((f) => now.getTime() - f.createdAt.getTime() <= RECENT_DAYS * DAY).length;
  const best = opportunities
    .filter((o) => o.stage !== 'lost')
    .sort((a, b) => stageRank[b.stage] - stageRank[a.stage])[0];
  const opportunity = best
    ? {
        stage: best.stage,
        amount: best.amount,
        lastMovedAt: best.stageHistory.map((h) => h.at).sort((a, b) => b.getTime() - a.getTime())[0] ?? best.createdAt,
      }
    : null;
  return {
    employeeId: id,
    name: side.name,
    firstContactAt,
    firstContactBy: firstContactAt === null ? null : firstContactAt === firstWecom ? 'wecom' : 'follow-up',
    holdingSince: earliest(holding.map((e) => e.at)),
    realContact:
      mine.some((c) => !c.link!.removedAt) ||
      valid.some((f) => realChannels.has(f.channel) && (f.contactId !== null || f.contactName.trim() !== '')),
    kpReached:
      mine.some((c) => c.contact.isKeyPerson) ||
      valid.some((f) =>
        keyPeople.some(
          (k) =>
            String(k._id) === String(f.contactId) || (f.contactName.trim() !== '' && k.name === f.contactName.trim()),
        ),
      ),
    validFollowUps: valid.length,
    // A rep's repeated invalid notes are one edited record; each version still counts as a thin note.
    invalidFollowUps: followUps
      .filter((f) => f.quality?.valid !== true)
      .reduce((n, f) => n + 1 + (f.revisions ?? 0), 0),
    lastValidFollowUpAt: valid.map((f) => f.createdAt).sort((a, b) => b.getTime() - a.getTime())[0] ?? null,
    recentValidFollowUps: recent,
    opportunity,
    progress: (opportunity ? stageRank[opportunity.stage] * 2 : 0) + Math.min(recent, 5),
  };
}
