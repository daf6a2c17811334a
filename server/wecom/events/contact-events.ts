import { isAppError } from '../../../models/shared/app-error.js';
import { opsRecipients } from '../../../models/org/recipients.js';
import { enqueueMessages, textMessage } from '../../../models/messages/employee-message.js';
import type { WecomEvent } from '../../../models/wecom/wecom-event.model.js';
import { WecomTransferModel } from '../../../models/handovers/wecom-transfer.model.js';
import { recordContactLoss, type LossCause } from '../../../models/wecom/contact-loss.js';
import { settleTransfer } from '../../../models/handovers/transfer-settle.js';
import {
  upsertWecomContact,
  type ContactChange,
  type WecomContactSnapshot,
} from '../../../models/wecom/upsert-contact.js';
import { recordWecomLead } from '../../../models/leads/wecom-lead.js';
import { contactSnapshot } from '../contact-snapshot.js';
import { waitingTransferTo, type WaitingTransfer } from './waiting-transfer.js';
import {
  ensureEmployee,
  eventTime,
  field,
  wecomContext,
  type WecomEventHandler,
  type WecomHandlerEnv,
} from './handler-env.js';

// change_external_contact events (server/wecom/README.md §2). Each handler asks WeCom for the contact as it is now
// rather than trusting the event alone, so events handled late or out of order still converge.

/** Fetches the contact from WeCom and refreshes our copy; null when WeCom no longer knows it. */
async function refreshContact(
  externalUserId: string,
  env: WecomHandlerEnv,
): Promise<(ContactChange & { snapshot: WecomContactSnapshot; transfers?: WaitingTransfer[] }) | null> {
  try {
    const detail = await env.wecom.getExternalContact(externalUserId);
    const snapshot = contactSnapshot(detail.external_contact, detail.follow_user);
    // The batch's handlers read what they need here all at once (contact-reads.ts).
    const known = await env.reads?.gather({ externalUserId, userIds: snapshot.followUsers.map((f) => f.userId) });
    const change = await upsertWecomContact(snapshot, env.now, { complete: true, known });
    return { ...change, snapshot, transfers: known?.transfers };
  } catch (error) {
    if (isAppError(error, 'WECOM_EXTERNAL_USER_INVALID') || isAppError(error, 'WECOM_NOT_FRIEND')) {
      return null;
    }
    throw error;
  }
}

/** add_external_contact / add_half_external_contact: record the contact and make it a lead for the rep. */
export const contactAdded: WecomEventHandler = async (event, env) => {
  const userId = field(event, 'UserID');
  const externalUserId = field(event, 'ExternalUserID');
  if (!userId || !externalUserId) {
    return 'ignored: no UserID/ExternalUserID';
  }
  const refreshed = await refreshContact(externalUserId, env);
  if (!refreshed) {
    return event.changeType === 'add_half_external_contact'
      ? 'waiting for the member to accept'
      : 'ignored: WeCom no longer knows the contact';
  }
  // A takeover member gaining the customer is how a WeCom transfer completes.
  const transfer = await waitingTransferTo(externalUserId, userId, refreshed.transfers);
  if (transfer) {
    await settleTransfer(
      { transferId: String(transfer._id), status: 'done', at: eventTime(event), wecomStatus: 1 },
      wecomContext(env, 'inheritance'),
    );
    return 'transfer completed';
  }
  const rep = refreshed.employees.get(userId) ?? (await ensureEmployee(userId, env));
  const follow = refreshed.snapshot.followUsers.find((f) => f.userId === userId);
  if (!rep || rep.status !== 'active' || !follow) {
    return 'contact recorded; no active relation with the member';
  }
  const lead = await recordWecomLead(
    {
      contact: refreshed.contact,
      snapshot: refreshed.snapshot,
      rep,
      state: field(event, 'State') || follow.state,
      messageKey: `wecom:${event._id}`,
    },
    wecomContext(env),
  );
  return `contact ${refreshed.created ? 'created' : 'updated'}; lead ${lead.kind}`;
};

/** edit_external_contact: refresh our copy (remark, tags, remark mobiles). */
export const contactEdited: WecomEventHandler = async (event, env) => {
  const externalUserId = field(event, 'ExternalUserID');
  if (!externalUserId) {
    return 'ignored: no ExternalUserID';
  }
  return (await refreshContact(externalUserId, env))
    ? 'contact refreshed'
    : 'ignored: WeCom no longer knows the contact';
};

function lossHandler(cause: (event: WecomEvent) => LossCause): WecomEventHandler {
  return async (event, env) => {
    const userId = field(event, 'UserID');
    const externalUserId = field(event, 'ExternalUserID');
    if (!userId || !externalUserId) {
      return 'ignored: no UserID/ExternalUserID';
    }
    const input = {
      externalUserId,
      userId,
      cause: cause(event),
      at: eventTime(event),
      messageKey: `wecom:${event._id}`,
    };
    let outcome = await recordContactLoss(input, env.now);
    if (!outcome.known) {
      // A contact we never saw (its add was lost): learn it from WeCom, then record the loss.
      await refreshContact(externalUserId, env);
      outcome = await recordContactLoss(input, env.now);
    }
    if (!outcome.known) {
      return 'ignored: unknown contact';
    }
    return outcome.changed
      ? `relation ended (${input.cause})${outcome.lost ? '; contact lost' : ''}`
      : 'already recorded';
  };
}

/** del_external_contact: the member deleted the customer (or 在职继承 removed it: DELETE_BY_TRANSFER). */
export const contactDeletedByMember = lossHandler((event) =>
  field(event, 'Source') === 'DELETE_BY_TRANSFER' ? 'transfer' : 'member',
);

/** del_follow_user: the customer deleted the member. */
export const memberDeletedByCustomer = lossHandler(() => 'customer');

/** transfer_fail: the customer refused, or the takeover member is at its customer limit. */
export const transferFailed: WecomEventHandler = async (event, env) => {
  const externalUserId = field(event, 'ExternalUserID');
  const userId = field(event, 'UserID');
  const status = field(event, 'FailReason') === 'customer_limit_exceed' ? 'takeover-full' : 'refused';
  // UserID is the takeover member by community reports (unconfirmed): match either side.
  const transfer = await WecomTransferModel.findOne(
    {
      externalUserId,
      status: 'waiting',
      $or: [{ takeoverUserId: userId }, { handoverUserId: userId }],
    },
    { _id: 1 },
  ).lean();
  if (!transfer) {
    await settleUnknownTransferFailure(externalUserId, userId, status, event, env);
    return `transfer failure recorded (${status}); no transfer of ours`;
  }
  await settleTransfer(
    { transferId: String(transfer._id), status, at: eventTime(event), wecomStatus: status === 'refused' ? 3 : 4 },
    wecomContext(env, 'inheritance'),
  );
  return `transfer ${status}`;
};

/** A transfer started outside the product failed: ops still hears about it. */
async function settleUnknownTransferFailure(
  externalUserId: string,
  userId: string,
  status: string,
  event: WecomEvent,
  env: WecomHandlerEnv,
): Promise<void> {
  for (const ops of await opsRecipients()) {
    await enqueueMessages(
      [
        {
          id: `wecom:${event._id}:transfer-fail:${ops.userId}`,
          toUserId: ops.userId,
          kind: 'alert',
          payload: textMessage(
            `企业微信客户转接失败：客户 ${externalUserId}（成员 ${userId}），原因：${status === 'refused' ? '客户拒绝' : '接手人客户数已达上限'}。`,
          ),
        },
      ],
      env.now,
    );
  }
}
