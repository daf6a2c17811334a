import type { EmulatorFollow, EmulatorTransfer } from './emulator-corp.js';
import type { EmulatorState } from './emulator-state.js';

// The changes to the emulated corp's customers that WeCom then reports by callback: a member adds,
// deletes or edits a customer, and a transfer ends. The emulator applies them and posts the events.

export interface NewExternalContact {
  userId: string;
  externalUserId?: string;
  name?: string;
  corpName?: string;
  /** 1 WeChat user, 2 WeCom user. */
  type?: number;
  unionId?: string;
  state?: string;
  remark?: string;
  remarkMobiles?: string[];
  /** add_half_external_contact: the member has not accepted yet. */
  half?: boolean;
  /** Skip the callback (a change the server must discover by re-sync). */
  silent?: boolean;
}

/** Records the customer (once) and the member's follow relation; returns the external userid. */
export function putExternalContact(state: EmulatorState, input: NewExternalContact, now: Date): string {
  const externalUserId = input.externalUserId ?? state.newExternalUserId();
  let contact = state.contacts.get(externalUserId);
  if (!contact) {
    contact = {
      profile: {
        external_userid: externalUserId,
        name: input.name ?? '客户',
        type: input.type ?? 1,
        gender: 0,
        ...(input.unionId ? { unionid: input.unionId } : {}),
        ...(input.type === 2
          ? { corp_name: input.corpName ?? '', corp_full_name: input.corpName ?? '', position: '' }
          : {}),
      },
      follows: new Map(),
    };
    state.contacts.set(externalUserId, contact);
  }
  const follow: EmulatorFollow = {
    userid: input.userId,
    remark: input.remark ?? '',
    description: '',
    createtime: Math.floor(now.getTime() / 1000),
    tags: [],
    remark_corp_name: input.type === 2 ? '' : (input.corpName ?? ''),
    remark_mobiles: input.remarkMobiles ?? [],
    oper_userid: input.userId,
    add_way: 1,
    state: input.state ?? '',
  };
  contact.follows.set(input.userId, follow);
  return externalUserId;
}

/** The member deletes the customer (the relation goes), or the customer deletes the member (it stays, one-way). */
export function removeFollow(
  state: EmulatorState,
  userId: string,
  externalUserId: string,
  by: 'member' | 'customer',
): void {
  const contact = state.contacts.get(externalUserId);
  if (by === 'member') {
    contact?.follows.delete(userId);
  } else {
    const follow = contact?.follows.get(userId);
    if (follow) {
      follow.deletedByCustomer = true;
    }
  }
}

export function editFollow(
  state: EmulatorState,
  userId: string,
  externalUserId: string,
  changes: { remark?: string; remarkMobiles?: string[]; name?: string },
): void {
  const contact = state.contacts.get(externalUserId);
  const follow = contact?.follows.get(userId);
  if (contact && changes.name) {
    contact.profile.name = changes.name;
  }
  if (follow) {
    follow.remark = changes.remark ?? follow.remark;
    follow.remark_mobiles = changes.remarkMobiles ?? follow.remark_mobiles;
  }
}

/** WeCom's callbacks for a transfer that ended: failed at the takeover's limit, or done. */
export function settledTransferEvents(
  transfer: EmulatorTransfer,
  alreadyFriend: boolean,
): Record<string, string | number>[] {
  const customer = { ExternalUserID: transfer.externalUserId };
  if (transfer.status === 4) {
    return [
      {
        Event: 'change_external_contact',
        ChangeType: 'transfer_fail',
        FailReason: 'customer_limit_exceed',
        UserID: transfer.takeover,
        ...customer,
      },
    ];
  }
  const events: Record<string, string | number>[] = [];
  if (!alreadyFriend) {
    events.push({
      Event: 'change_external_contact',
      ChangeType: 'add_external_contact',
      UserID: transfer.takeover,
      ...customer,
      State: '',
      WelcomeCode: '',
    });
  }
  if (transfer.kind === 'onjob') {
    // 在职继承: the handover member loses the customer automatically.
    events.push({
      Event: 'change_external_contact',
      ChangeType: 'del_external_contact',
      UserID: transfer.handover,
      ...customer,
      Source: 'DELETE_BY_TRANSFER',
    });
  }
  return events;
}
