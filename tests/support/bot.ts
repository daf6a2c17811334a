import { log as wechatyLog, types, type Wechaty } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import type * as PUPPET from 'wechaty-puppet';
import type { Config } from '../../config/config.js';
import { silentLogger, type Logger } from '../../config/logger.js';
import { forgetChatArchivingSetting } from '../../models/bots/chat-archive.js';
import { manualClock, type ManualClock } from '../../models/shared/clock.js';
import type { BotDeps } from '../../bot/bot-deps.js';
import { superviseBot, type Backoff, type BotSupervisor } from '../../bot/bot-supervisor.js';
import { corePlugins, createBot } from '../../bot/create-bot.js';
import { forgetEmployeeIdentities } from '../../bot/identity/employee-of-contact.js';
import { inFlight } from '../../bot/in-flight.js';
import { testConfig } from './factories.js';

// A real Wechaty bot on wechaty-puppet-mock, with the product's plugins and supervisor. The puppet
// subclass only adds what the mock lacks (friendship payloads) and records what the bot sends, at
// the puppet boundary, synchronously, so tests can read replies without racing message events.

wechatyLog.level('silent');

export type MockContact = ReturnType<mock.Mocker['createContact']>;
export type MockRoom = ReturnType<mock.Mocker['createRoom']>;

export class RecordingPuppet extends PuppetMock {
  readonly sent: { to: string; text: string }[] = [];
  readonly friendships = new Map<string, PUPPET.payloads.Friendship>();
  /** Starts after which the puppet fails at once, as with a puppet service that drops the connection. */
  failStarts = 0;
  /** Sends that fail, as when the account is briefly offline. */
  failSends = 0;

  override async onStart(): Promise<void> {
    await super.onStart();
    if (this.failStarts > 0) {
      this.failStarts -= 1;
      setTimeout(() => {
        this.emit('error', { gerror: 'puppet service unreachable' });
        void this.stop();
      }, 5);
    }
  }

  override async messageSendText(conversationId: string, text: string): Promise<void> {
    if (this.failSends > 0) {
      this.failSends -= 1;
      throw new Error('send failed');
    }
    this.sent.push({ to: conversationId, text });
    return super.messageSendText(conversationId, text);
  }

  override friendshipRawPayload(id: string): Promise<PUPPET.payloads.Friendship> {
    const payload = this.friendships.get(id);
    return payload ? Promise.resolve(payload) : Promise.reject(new Error(`no friendship ${id}`));
  }
}

export interface TestBot {
  bot: Wechaty;
  puppet: RecordingPuppet;
  mocker: mock.Mocker;
  deps: BotDeps;
  clock: ManualClock;
  config: Config;
  supervisor: BotSupervisor;
  /** The account the bot drives. */
  self: MockContact;
  /** A client (external contact); handle is their external_userid. */
  client(fields?: Partial<PUPPET.payloads.Contact>): MockContact;
  /** A colleague (coworker); handle is their WeCom userid. */
  colleague(userId: string, name: string): MockContact;
  /** `from` says `text` to the bot's account (or in a room); resolves when the bot has handled it. */
  say(from: MockContact, text: string, to?: MockContact | MockRoom): Promise<void>;
  /** `from` sends all the texts at once (no waiting in between); resolves when the bot has handled every one. */
  sayAll(from: MockContact, texts: string[], to?: MockContact | MockRoom): Promise<void>;
  /** Emits a confirmed friendship with the contact and waits until it is handled. */
  befriend(contact: MockContact): Promise<void>;
  /** What the bot sent to a contact or room. */
  sentTo(target: { id: string }): string[];
  /** The last thing the bot sent to a contact or room. */
  lastSentTo(target: { id: string }): string;
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestBot(
  env: Record<string, string> = {},
  options: { start?: string; log?: Logger; backoff?: Backoff; failStarts?: number } = {},
): Promise<TestBot> {
  forgetEmployeeIdentities();
  forgetChatArchivingSetting();
  const config = testConfig({ BOT_NAME: `test-bot-${Math.random().toString(36).slice(2, 8)}`, ...env });
  const clock = manualClock(options.start ?? '2026-03-02T02:00:00Z');
  const log = options.log ?? silentLogger;
  const deps: BotDeps = { config, clock, log, work: inFlight(log), account: { online: false, employee: null } };
  const mocker = new mock.Mocker();
  const puppet = new RecordingPuppet({ mocker });
  puppet.failStarts = options.failStarts ?? 0;
  const bot = createBot(deps, corePlugins(deps), puppet);
  const supervisor = superviseBot(bot, deps, options.backoff ?? { initialMs: 20, maxMs: 200 });
  await supervisor.start();

  const self = mocker.createContact({ name: 'CRM小助手', coworker: true, handle: 'crm-assistant', phone: [] });
  if (!options.failStarts) {
    const loggedIn = new Promise((resolve) => bot.once('login', resolve));
    mocker.login(self);
    await loggedIn;
    await deps.work.idle();
  }

  let clients = 0;
  const settle = () => deps.work.idle();
  const sentTo = (target: { id: string }) => puppet.sent.filter((s) => s.to === target.id).map((s) => s.text);
  return {
    bot,
    puppet,
    mocker,
    deps,
    clock,
    config,
    supervisor,
    self,
    settle,
    sentTo,
    client: (fields = {}) => {
      clients += 1;
      return mocker.createContact({
        name: `客户${clients}`,
        handle: `wmClient${String(clients).padStart(6, '0')}`,
        phone: [],
        coworker: false,
        ...fields,
      });
    },
    colleague: (userId, name) => mocker.createContact({ name, handle: userId, coworker: true, phone: [] }),
    async say(from, text, to = self) {
      const received = new Promise((resolve) => bot.once('message', resolve));
      from.say(text).to(to);
      await received;
      await settle();
    },
    async sayAll(from, texts, to = self) {
      let pending = texts.length;
      const received = new Promise<void>((resolve) => {
        const onMessage = (msg: { talker(): { id: string } }) => {
          if (msg.talker().id === from.id && --pending === 0) {
            bot.off('message', onMessage);
            resolve();
          }
        };
        bot.on('message', onMessage);
      });
      for (const text of texts) {
        from.say(text).to(to);
      }
      await received;
      await settle();
    },
    async befriend(contact) {
      const id = `friendship-${contact.id}`;
      puppet.friendships.set(id, { id, contactId: contact.id, type: types.Friendship.Confirm, timestamp: Date.now() });
      const received = new Promise((resolve) => bot.once('friendship', resolve));
      puppet.emit('friendship', { friendshipId: id });
      await received;
      await settle();
    },
    lastSentTo: (target) => sentTo(target).at(-1) ?? '',
    async stop() {
      await supervisor.stop();
    },
  };
}
