import type { Customer } from '../customers/customer.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { enqueueMessages, textMessage } from '../messages/employee-message.js';
import { sameId } from '../org/permissions.js';
import { describeMatches, type ConflictMatch } from './describe-matches.js';
import { findMatches } from './find-matches.js';
import type { RawMatch } from './match-scoring.js';

// A public customer can be a duplicate record of a company another rep already works on. Claiming it
// is allowed (the record may be the better one), but the collision is reported at once to both reps,
// so it is settled by a complaint and a ruling rather than discovered at the customer's door.

/** Same-entity duplicates of the customer that someone other than the rep holds. */
export async function duplicatesHeldByOthers(customer: Customer, rep: Employee, now: Date): Promise<ConflictMatch[]> {
  const [matches] = await findMatches(
    [
      {
        name: customer.name,
        creditCode: customer.creditCode ?? null,
        phones: customer.phones,
        emails: customer.emailDomains.map((d) => `@${d}`),
        excludeCustomerId: customer._id,
        creditCodeOfExcluded: true,
      },
    ],
    { limit: 5, expandRelated: false },
  );
  // A typo in the same place and trade (锦程 / 靖程, 宏达 / 鸿达) is too weak to refuse a customer, but enough to tell
  // both reps before they meet at the customer's door.
  const suspected = (m: RawMatch) => m.relation === 'same' || (m.typo === true && m.compatible === true);
  const held = (matches ?? []).filter(
    (m) => suspected(m) && (m.customer.poolState === 'private' || m.customer.poolState === 'staked'),
  );
  const described = await describeMatches(held, rep, now);
  return described.filter((m) => m.owner && !sameId(m.owner.id, rep._id));
}

/** Tells the claiming rep and each other holder about the collision (deduplicated per claim). */
export async function reportClaimConflicts(claimed: Customer, rep: Employee, now: Date): Promise<ConflictMatch[]> {
  const duplicates = await duplicatesHeldByOthers(claimed, rep, now);
  if (duplicates.length === 0) {
    return [];
  }
  const holders = await EmployeeModel.find(
    { _id: { $in: duplicates.map((d) => d.owner!.id) } },
    { userId: 1, name: 1 },
  ).lean();
  const userIdOf = new Map(holders.map((h) => [String(h._id), h.userId]));
  const messages = duplicates.flatMap((d) => {
    const key = `claim-conflict:${String(claimed._id)}:${claimed.version}:${d.customerId}`;
    const toRep = `你认领的客户“${claimed.name}”疑似与 ${d.owner!.name} 名下的“${d.name}”是同一客户（${d.matchedOn.join('、')}）。如需继续跟进，请发起撞单申诉。`;
    const toHolder = `${rep.name} 认领了客户“${claimed.name}”，疑似与你名下的“${d.name}”是同一客户。如有异议，销售运营将按撞单规则判定。`;
    const holderUserId = userIdOf.get(d.owner!.id);
    return [
      { id: `${key}:${rep.userId}`, toUserId: rep.userId, text: toRep },
      ...(holderUserId ? [{ id: `${key}:${holderUserId}`, toUserId: holderUserId, text: toHolder }] : []),
    ];
  });
  // Already reported for this claim (same ids): nothing more is sent.
  await enqueueMessages(
    messages.map((m) => ({ id: m.id, toUserId: m.toUserId, kind: 'claim-conflict', payload: textMessage(m.text) })),
    now,
  );
  return duplicates;
}
