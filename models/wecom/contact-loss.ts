import type { Contact } from '../customers/contact.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { enqueueMessages, textMessage } from '../messages/employee-message.js';
import { managersOf } from '../org/recipients.js';
import { changeContact } from './upsert-contact.js';

// A WeCom relation ended (流失): the member deleted the customer (del_external_contact), or the
// customer deleted the member (del_follow_user). Our copy keeps who ended it and when, the contact
// counts as lost once no member follows it, and the rep's manager hears about it. A relation that
// ended because of 在职继承 (Source=DELETE_BY_TRANSFER) is a handover, not a loss.

export type LossCause = 'member' | 'customer' | 'transfer';

export interface LossOutcome {
  known: boolean;
  /** False when the relation had already ended (a repeated event). */
  changed: boolean;
  lost: boolean;
}

export async function recordContactLoss(
  input: { externalUserId: string; userId: string; cause: LossCause; at: Date; messageKey: string },
  now: Date,
): Promise<LossOutcome> {
  const result = await changeContact(input.externalUserId, (current) => {
    const follow = current.followUsers.find((f) => f.userId === input.userId);
    // Already ended with a known cause: a repeated event. Ended without one (a refresh from WeCom saw
    // the relation gone before this event was handled): this event says why.
    if (!follow || (follow.removedAt && follow.removedBy)) {
      return null;
    }
    const followUsers = current.followUsers.map((f) =>
      f.userId === input.userId ? { ...f, removedAt: f.removedAt ?? input.at, removedBy: input.cause } : f,
    );
    const active = followUsers.some((f) => !f.removedAt);
    return { followUsers, lostAt: active ? null : input.at } satisfies Partial<Contact>;
  });
  if (!result) {
    return { known: false, changed: false, lost: false };
  }
  const changed = result.before !== result.after;
  const lost = !result.after.followUsers.some((f) => !f.removedAt);
  if (changed && input.cause !== 'transfer') {
    await tellManagers(result.after, input, now);
  }
  return { known: true, changed, lost };
}

async function tellManagers(
  contact: Contact,
  input: { userId: string; cause: LossCause; messageKey: string },
  now: Date,
): Promise<void> {
  const rep = await EmployeeModel.findOne({ userId: input.userId }).lean<Employee>();
  if (!rep) {
    return;
  }
  const who = contact.corpName ? `${contact.name}（${contact.corpName}）` : contact.name;
  const how = input.cause === 'customer' ? `客户删除了 ${rep.name}` : `${rep.name} 删除了该客户`;
  for (const manager of await managersOf(rep)) {
    await enqueueMessages(
      [
        {
          id: `${input.messageKey}:loss:${manager.userId}`,
          toUserId: manager.userId,
          kind: 'loss',
          payload: textMessage(
            `客户流失提醒：${who} 与 ${rep.name} 的企业微信好友关系已解除（${how}）。请关注是否需要跟进或交接。`,
          ),
        },
      ],
      now,
    );
  }
}
