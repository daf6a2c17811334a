import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../models/shared/clock.js';
import type { ExternalContactProfile, WecomDepartment } from '../wecom.types.js';
import type { EmulatorContact, EmulatorCorp, EmulatorFollow, EmulatorTransfer, EmulatorUser } from './emulator-corp.js';

// The emulated corp: members, departments, external contacts and their follow relations, tokens and
// transfers, with WeCom's rules (server/wecom/README.md §3). The routes translate HTTP to and from this state.

export const DAY_MS = 24 * 3600_000;
const TRANSFER_WINDOW_MS = 90 * DAY_MS;

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
  /** Web login / OAuth codes (auth/getuserinfo): code → member and expiry (5 minutes, single use). */
  readonly oauthCodes = new Map<string, { userId: string; expiresAt: number }>();
  /** The app's administrators (agent/get_admin_list). */
  appAdmins: string[] = [];
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

  /** A login code for a member of the emulated corp; undefined for anyone else (local-mode login). */
  issueMemberLoginCode(userId: string): string | undefined {
    return this.users.has(userId) ? this.issueLoginCode(userId) : undefined;
  }

  /** A code as WeCom web login or OAuth gives the browser after the member confirms. */
  issueOAuthCode(userId: string): string {
    const code = randomBytes(16).toString('hex');
    this.oauthCodes.set(code, { userId, expiresAt: this.now() + 300_000 });
    return code;
  }

  issueLoginCode(userId: string): string {
    const code = randomBytes(16).toString('hex');
    this.loginCodes.set(code, userId);
    return code;
  }
}
