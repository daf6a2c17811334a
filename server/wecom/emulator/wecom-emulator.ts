import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type { Clock } from '../../../models/shared/clock.js';
import { emulatorApp, type EmulatorCall, type Fault } from './emulator-app.js';
import { deliverCallback, eventXml, signedCallback, type CallbackDelivery } from './emulator-callbacks.js';
import { EmulatorMailbox } from './emulator-mailbox.js';
import type { EmulatorCorp, EmulatorUser } from './emulator-corp.js';
import { EmulatorState } from './emulator-state.js';
import {
  editFollow,
  putExternalContact,
  removeFollow,
  settledTransferEvents,
  type NewExternalContact,
} from './emulator-contact-changes.js';

// A WeCom emulator on loopback for tests and local mode: the server API with WeCom's semantics
// (tokens that expire or get revoked, errcodes, cursors, the 24 h transfer flow on a controllable
// clock), faults on demand, and correctly signed and encrypted callbacks to the server.

export type { EmulatorCall, Fault } from './emulator-app.js';
export type { NewExternalContact } from './emulator-contact-changes.js';

export type EmulatorClock = Clock & { advance(ms: number): void | Promise<void> };

/** The system time, moved forward on demand (local mode). */
export function offsetClock(): EmulatorClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
}

export interface WecomEmulatorOptions {
  corp: EmulatorCorp;
  clock?: EmulatorClock;
  callbackUrl?: string;
  callbackRetries?: number;
}

export class WecomEmulator {
  readonly state: EmulatorState;
  readonly mailbox: EmulatorMailbox;
  readonly clock: EmulatorClock;
  readonly calls: EmulatorCall[] = [];
  readonly faults: Fault[] = [];
  readonly deliveries: CallbackDelivery[] = [];
  callbackUrl: string | undefined;
  url = '';
  private server: Server | undefined;
  private readonly callbackRetries: number;

  constructor(options: WecomEmulatorOptions) {
    this.clock = options.clock ?? offsetClock();
    this.state = new EmulatorState(options.corp, this.clock);
    this.mailbox = new EmulatorMailbox(this.clock);
    this.callbackUrl = options.callbackUrl;
    this.callbackRetries = options.callbackRetries ?? 3;
  }

  get corp(): EmulatorCorp {
    return this.state.corp;
  }

  /** The base URL to give the WeCom client (WECOM_API_BASE). */
  get apiBase(): string {
    return `${this.url}/cgi-bin`;
  }

  app(): Koa {
    return emulatorApp(this);
  }

  /** Listens on a free loopback port (or the given one). */
  async start(port = 0): Promise<this> {
    const server = this.app().listen(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  injectFault(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  /** The first pending fault for this call (an outage still on, or a counted fault, counted down). */
  takeFault(api: string, query: Record<string, unknown>, body: Record<string, unknown>): Fault | undefined {
    const now = this.clock.now();
    const fault = this.faults.find(
      (f) =>
        (f.until ? now < f.until : f.times > 0) &&
        (f.api ? f.api === api : api !== 'gettoken') &&
        (!f.when || f.when(query, body)),
    );
    if (fault && !fault.until) {
      fault.times -= 1;
    }
    return fault;
  }

  callsTo(api: string): EmulatorCall[] {
    return this.calls.filter((c) => c.api === api);
  }

  // --- The corp, and the changes WeCom reports by callback ---

  addDepartment(id: number, name: string, parentid = 1): void {
    this.state.departments.set(id, { id, name, parentid, order: id });
  }

  addUser(user: Partial<EmulatorUser> & { userid: string; name: string }): EmulatorUser {
    const full: EmulatorUser = {
      department: [1],
      main_department: user.department?.[0] ?? 1,
      is_leader_in_dept: [],
      status: 1,
      customerContact: true,
      ...user,
    };
    full.is_leader_in_dept = (full.department ?? []).map((d, i) => user.is_leader_in_dept?.[i] ?? 0);
    this.state.users.set(full.userid, full);
    return full;
  }

  /** A member adds a customer (or a customer adds a skip-verify member): add_external_contact / add_half_external_contact. */
  async addExternalContact(
    input: NewExternalContact,
  ): Promise<{ externalUserId: string; delivery: CallbackDelivery | null }> {
    const externalUserId = putExternalContact(this.state, input, this.clock.now());
    const delivery = input.silent
      ? null
      : await this.postEvent({
          Event: 'change_external_contact',
          ChangeType: input.half ? 'add_half_external_contact' : 'add_external_contact',
          UserID: input.userId,
          ExternalUserID: externalUserId,
          State: input.state ?? '',
          WelcomeCode: `wc${Date.now()}`,
        });
    return { externalUserId, delivery };
  }

  /** The member deletes the customer (del_external_contact) or the customer deletes the member (del_follow_user). */
  async deleteExternalContact(
    userId: string,
    externalUserId: string,
    by: 'member' | 'customer',
    options: { silent?: boolean } = {},
  ): Promise<CallbackDelivery | null> {
    removeFollow(this.state, userId, externalUserId, by);
    if (options.silent) {
      return null;
    }
    return this.postEvent({
      Event: 'change_external_contact',
      ChangeType: by === 'member' ? 'del_external_contact' : 'del_follow_user',
      UserID: userId,
      ExternalUserID: externalUserId,
      ...(by === 'member' ? { Source: '' } : {}),
    });
  }

  /** A member edits the remark of a customer: edit_external_contact. */
  async editExternalContact(
    userId: string,
    externalUserId: string,
    changes: { remark?: string; remarkMobiles?: string[]; name?: string },
  ): Promise<CallbackDelivery | null> {
    editFollow(this.state, userId, externalUserId, changes);
    return this.postEvent({
      Event: 'change_external_contact',
      ChangeType: 'edit_external_contact',
      UserID: userId,
      ExternalUserID: externalUserId,
    });
  }

  /** A member leaves the company: change_contact delete_user; their customers await 离职继承. */
  async resignUser(userId: string): Promise<CallbackDelivery | null> {
    const user = this.state.users.get(userId);
    if (user) {
      user.status = 5;
      user.dimissionTime = Math.floor(this.clock.now().getTime() / 1000);
    }
    return this.postEvent({ Event: 'change_contact', ChangeType: 'delete_user', UserID: userId });
  }

  /** The customer refuses a waiting transfer: transfer_fail customer_refused. */
  async refuseTransfer(externalUserId: string): Promise<CallbackDelivery | null> {
    const transfer = this.state.refuseTransfer(externalUserId);
    if (!transfer) {
      return null;
    }
    return this.postEvent({
      Event: 'change_external_contact',
      ChangeType: 'transfer_fail',
      FailReason: 'customer_refused',
      UserID: transfer.takeover,
      ExternalUserID: externalUserId,
    });
  }

  /** Moves the clock on and completes the transfers whose 24 h are over, with WeCom's callbacks. */
  async advance(ms: number): Promise<void> {
    await this.clock.advance(ms);
    for (const settled of this.state.settleTransfers()) {
      for (const event of settledTransferEvents(settled.transfer, settled.alreadyFriend)) {
        await this.postEvent(event);
      }
    }
  }

  /** Encrypts, signs and POSTs one event to the callback URL (no-op without one). */
  async postEvent(fields: Record<string, string | number>): Promise<CallbackDelivery | null> {
    if (!this.callbackUrl) {
      return null;
    }
    const at = this.clock.now();
    const delivery = await deliverCallback(
      this.callbackUrl,
      signedCallback(this.corp, eventXml(this.corp, at, fields), at),
      this.callbackRetries,
    );
    this.deliveries.push(delivery);
    return delivery;
  }
}

export async function startWecomEmulator(options: WecomEmulatorOptions): Promise<WecomEmulator> {
  return new WecomEmulator(options).start();
}
