import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../models/shared/clock.js';
import type { ExternalContactProfile, FollowUserInfo, WecomDepartment, WecomUser } from '../wecom.types.js';

// The emulated corp: members, departments, external contacts and their follow relations, tokens and
// transfers, with WeCom's rules (server/wecom/README.md §3). The routes translate HTTP to and from this state.

export const DAY_MS = 24 * 3600_000;
const TRANSFER_WINDOW_MS = 90 * DAY_MS;

export interface EmulatorUser extends WecomUser {
  userid: string;
  name: string;
  /** Customer contact (客户联系) enabled: listed by get_follow_user_list. */
  customerContact: boolean;
  /** WeCom's cap on a member's customers; a transfer to a member at the cap ends with status 4. */
  customerLimit?: number;
  dimissionTime?: number;
}

export interface EmulatorFollow extends FollowUserInfo {
  /** The customer deleted the member (del_follow_user): the one-way relation remains. */
  deletedByCustomer?: boolean;
}

export interface EmulatorContact {
  profile: ExternalContactProfile;
  follows: Map<string, EmulatorFollow>;
}

export interface EmulatorTransfer {
  kind: 'onjob' | 'resigned';
  handover: string;
  takeover: string;
  externalUserId: string;
  startedAt: number;
  /** 1 done, 2 waiting, 3 refused by the customer, 4 takeover at its customer limit. */
  status: 1 | 2 | 3 | 4;
  takeoverTime?: number;
}

export interface EmulatorCorp {
  corpId: string;
  secret: string;
  agentId: number;
  /** Callback Token and EncodingAESKey. */
  token: string;
  aesKey: string;
}

export class EmulatorState {
  readonly users = new Map<string, EmulatorUser>();
  readonly departments = new Map<number, WecomDepartment>();
  readonly contacts = new Map<string, EmulatorContact>();
  readonly transfers: EmulatorTransfer[] = [];
  /** Start times of accepted transfers per customer (2 per 90 days). */
  readonly transferStarts = new Map<string, number[]>();
  /** token → expiry (ms) or the errcode it now answers with. */
  readonly tokens = new Map<string, { expiresAt: number; revokedWith?: number }>();
  readonly loginCodes = new Map<string, string>();
  private sequence = 0;

  constructor(
    readonly corp: EmulatorCorp,
    readonly clock: Clock,
  ) {}

  now(): number {
    return this.clock.now().getTime();
  }

  issueToken(): { token: string; expiresIn: number } {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { expiresAt: this.now() + 7200_000 });
    return { token, expiresIn: 7200 };
  }

  /** 0 when the token is good, else the errcode WeCom answers (41001 missing, 42001 expired, 40014 invalid). */
  tokenError(token: string | undefined): number {
    if (!token) {
      return 41001;
    }
    const found = this.tokens.get(token);
    if (!found) {
      return 40014;
    }
    if (found.revokedWith) {
      return found.revokedWith;
    }
    return found.expiresAt <= this.now() ? 42001 : 0;
  }

  /** WeCom invalidating every token early (or them expiring): later calls get the errcode. */
  revokeTokens(errcode: 40014 | 42001 = 42001): void {
    for (const entry of this.tokens.values()) {
      entry.revokedWith = errcode;
    }
  }

  activeUser(userId: string): EmulatorUser | undefined {
    const user = this.users.get(userId);
    return user && user.status === 1 ? user : undefined;
  }

  newExternalUserId(): string {
    this.sequence += 1;
    return `wm${randomBytes(8).toString('hex')}${this.sequence}`;
  }

  /** Every (contact, follow) pair of the given members, in a stable order (for cursors). */
  followsOf(userIds: string[]): { contact: EmulatorContact; follow: EmulatorFollow }[] {
    const wanted = new Set(userIds);
    const pairs: { contact: EmulatorContact; follow: EmulatorFollow }[] = [];
    for (const contact of this.contacts.values()) {
      for (const follow of contact.follows.values()) {
        if (wanted.has(follow.userid)) {
          pairs.push({ contact, follow });
        }
      }
    }
    return pairs;
  }

  customerCount(userId: string): number {
    return this.followsOf([userId]).length;
  }

  /** Starts a transfer of one customer; returns the per-customer errcode WeCom would give. */
  startTransfer(kind: 'onjob' | 'resigned', handover: string, takeover: string, externalUserId: string): number {
    const contact = this.contacts.get(externalUserId);
    if (!contact) {
      return 40096;
    }
    if (handover === takeover) {
      return 40130;
    }
    if (!contact.follows.has(handover)) {
      return 40131;
    }
    if (this.transfers.some((t) => t.externalUserId === externalUserId && t.status === 2)) {
      return 40129;
    }
    const now = this.now();
    const starts = (this.transferStarts.get(externalUserId) ?? []).filter((at) => at > now - TRANSFER_WINDOW_MS);
    if (starts.length >= 2) {
      return 40128;
    }
    this.transferStarts.set(externalUserId, [...starts, now]);
    this.transfers.push({ kind, handover, takeover, externalUserId, startedAt: now, status: 2 });
    return 0;
  }

  /**
   * Completes the waiting transfers whose 24 h have passed: the relation moves to the takeover
   * member (status 1), unless the takeover is at its customer limit (status 4). Returns what changed.
   */
  settleTransfers(): { transfer: EmulatorTransfer; alreadyFriend: boolean }[] {
    const settled: { transfer: EmulatorTransfer; alreadyFriend: boolean }[] = [];
    for (const transfer of this.transfers) {
      if (transfer.status !== 2 || transfer.startedAt + DAY_MS > this.now()) {
        continue;
      }
      const contact = this.contacts.get(transfer.externalUserId);
      const takeover = this.users.get(transfer.takeover);
      if (!contact || !takeover) {
        continue;
      }
      const alreadyFriend = contact.follows.has(transfer.takeover);
      if (
        !alreadyFriend &&
        takeover.customerLimit !== undefined &&
        this.customerCount(takeover.userid) >= takeover.customerLimit
      ) {
        transfer.status = 4;
        settled.push({ transfer, alreadyFriend });
        continue;
      }
      const previous = contact.follows.get(transfer.handover);
      contact.follows.delete(transfer.handover);
      if (!alreadyFriend) {
        contact.follows.set(transfer.takeover, {
          ...previous,
          userid: transfer.takeover,
          createtime: Math.floor(transfer.startedAt / 1000) + 86_400,
          add_way: 202,
          oper_userid: transfer.takeover,
        });
      }
      transfer.status = 1;
      transfer.takeoverTime = Math.floor(this.now() / 1000);
      settled.push({ transfer, alreadyFriend });
    }
    return settled;
  }

  /** The customer refuses a waiting transfer (status 3); returns it, or undefined if none waits. */
  refuseTransfer(externalUserId: string): EmulatorTransfer | undefined {
    const transfer = this.transfers.find((t) => t.externalUserId === externalUserId && t.status === 2);
    if (transfer) {
      transfer.status = 3;
    }
    return transfer;
  }

  /** The corp's data as JSON (local mode keeps it across restarts). */
  toJSON(): unknown {
    return {
      users: [...this.users.values()],
      departments: [...this.departments.values()],
      contacts: [...this.contacts.values()].map((c) => ({ profile: c.profile, follows: [...c.follows.values()] })),
      transfers: this.transfers,
      transferStarts: [...this.transferStarts.entries()],
    };
  }

  restore(saved: ReturnType<EmulatorState['toJSON']>): void {
    const data = saved as {
      users: EmulatorUser[];
      departments: WecomDepartment[];
      transfers: EmulatorTransfer[];
      transferStarts: [string, number[]][];
      contacts: { profile: ExternalContactProfile; follows: EmulatorFollow[] }[];
    };
    data.users.forEach((u) => this.users.set(u.userid, u));
    data.departments.forEach((d) => this.departments.set(d.id, d));
    data.contacts.forEach((c) =>
      this.contacts.set(c.profile.external_userid, {
        profile: c.profile,
        follows: new Map(c.follows.map((f) => [f.userid, f])),
      }),
    );
    this.transfers.push(...data.transfers);
    data.transferStarts.forEach(([id, starts]) => this.transferStarts.set(id, starts));
  }

  issueLoginCode(userId: string): string {
    const code = randomBytes(16).toString('hex');
    this.loginCodes.set(code, userId);
    return code;
  }
}

/** A JSON or query value as a string ('' for anything else). */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** An opaque cursor over an offset, as WeCom's are opaque strings. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: unknown): number | null {
  if (cursor === undefined || cursor === null || cursor === '') {
    return 0;
  }
  const match = /^o:(\d+)$/.exec(Buffer.from(str(cursor), 'base64url').toString());
  return match ? Number(match[1]) : null;
}
