import type { ContactSelf, Wechaty } from 'wechaty';
import type * as PUPPET from 'wechaty-puppet';
import { recordBotHeartbeat, recordBotStart, recordBotState, type BotStateChange } from '../models/bots/bot-state.js';
import type { BotDeps } from './bot-deps.js';
import { employeeOfContact } from './identity/employee-of-contact.js';
import { backoffDelay } from '../models/shared/backoff.js';

// Keeps the bot alive without ever taking the process down: a puppet that stops (a ban, a network
// cut, a puppet service restart) is restarted with exponential backoff, every state change and a
// regular heartbeat are recorded for /healthz, and errors are logged rather than thrown.

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export interface BotSupervisor {
  /** Starts the bot; puppet failures are retried in the background, never thrown. */
  start(): Promise<void>;
  /** Stops the bot, waits for running handlers and records the stop. */
  stop(): Promise<void>;
}

export const defaultBackoff: Backoff = { initialMs: 1_000, maxMs: 5 * 60_000 };

/** The supervisor's state and the handlers it puts on the bot (kept for `off` on stop). */
class Supervision implements BotSupervisor {
  private stopping = false;
  private restarting = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private lastErrorWrite = 0;
  /** The last error the puppet reported, to say why it stopped. */
  private lastError: string | null = null;
  // Followed through the puppet's own start/stop events (its state object is not typed for us).
  private puppetRunning = false;

  constructor(
    private readonly bot: Wechaty,
    private readonly deps: BotDeps,
    private readonly backoff: Backoff,
  ) {}

  private get name(): string {
    return this.deps.config.bot.name;
  }

  /** The state changes recorded so far: each is written after the one before, so the stored state is the latest. */
  private recorded: Promise<void> = Promise.resolve();

  private record(change: BotStateChange): Promise<void> {
    const at = this.deps.clock.now();
    this.recorded = this.recorded.then(() =>
      recordBotState(this.name, change, at).then(
        () => undefined,
        (error: unknown) => this.deps.log.warn('could not record the bot state', { error }),
      ),
    );
    return this.recorded;
  }

  private scheduleRestart(reason: string): void {
    if (this.stopping || this.restarting || this.retryTimer) {
      return;
    }
    this.attempt += 1;
    // Jitter keeps several bots that lost one puppet service from coming back in lockstep.
    const delay = Math.round(
      backoffDelay(this.attempt, { baseMs: this.backoff.initialMs, maxMs: this.backoff.maxMs, spread: [0.75, 1] }),
    );
    this.deps.log.warn('bot puppet is down; restarting', { reason, attempt: this.attempt, delayMs: delay });
    void this.record({ state: 'reconnecting', error: reason });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.restart();
    }, delay);
  }

  private async restart(): Promise<void> {
    this.restarting = true;
    let failure: string | null;
    try {
      await this.bot.stop().catch((error: unknown) => this.deps.log.warn('bot stop before restart failed', { error }));
      failure = await this.startBot();
    } finally {
      this.restarting = false;
    }
    if (this.puppetRunning) {
      await this.record({ state: this.bot.isLoggedIn ? 'online' : 'waiting-login', restarted: true });
      return;
    }
    await this.record({ restarted: true });
    this.scheduleRestart(failure ?? 'puppet did not start');
  }

  /** Starts the bot; returns what went wrong, if anything did. */
  private async startBot(): Promise<string | null> {
    let failure: string | null = null;
    const onStartError = (error: Error) => {
      failure ??= error.message || String(error);
    };
    // Wechaty reports a puppet that fails to start as an 'error' event, not as a rejection.
    this.bot.on('error', onStartError);
    try {
      await this.bot.start();
    } catch (error) {
      failure ??= error instanceof Error ? error.message : String(error);
    } finally {
      this.bot.off('error', onStartError);
    }
    return failure;
  }

  private readonly onPuppet = (puppet: PUPPET.impls.PuppetInterface) => {
    puppet.on('start', () => {
      this.puppetRunning = true;
    });
    puppet.on('stop', () => {
      this.puppetRunning = false;
      if (!this.stopping && !this.restarting) {
        this.scheduleRestart(this.lastError ? `puppet stopped: ${this.lastError}` : 'puppet stopped');
      }
    });
  };

  private readonly onScan = (qrcode: string, status: PUPPET.types.ScanStatus) => {
    this.deps.log.info('bot waiting for login: scan the QR code', { status, qrcode });
    void this.record({ state: 'waiting-login' });
  };

  private readonly onLogin = (user: ContactSelf) =>
    this.deps.work.run('supervisor:login', async () => {
      this.deps.account.online = true;
      this.attempt = 0;
      this.lastError = null;
      const employee = await employeeOfContact(user, this.deps);
      this.deps.account.employee = employee;
      this.deps.log.info('bot logged in', { account: user.id, employeeUserId: employee?.userId ?? null });
      await this.record({
        state: 'online',
        account: { id: user.id, name: user.name(), employeeUserId: employee?.userId ?? null },
      });
    });

  private readonly onLogout = (_user: ContactSelf, reason?: string) => {
    this.deps.account.online = false;
    this.deps.account.employee = null;
    this.deps.log.warn('bot logged out', { reason });
    void this.record({
      state: this.stopping ? 'stopped' : 'offline',
      account: null,
      ...(reason && !this.stopping ? { error: `logged out: ${reason}` } : {}),
    });
  };

  private readonly onError = (error: Error) => {
    this.deps.log.warn('bot error', { error });
    this.lastError = error.message || String(error);
    // An error storm must not turn into a write storm.
    const now = Date.now();
    if (now - this.lastErrorWrite > 1000) {
      this.lastErrorWrite = now;
      void this.record({ error: error.message || String(error) });
    }
  };

  /** Records the start and beats the heartbeat until stop. */
  private async announce(): Promise<void> {
    const { puppet, heartbeatSeconds, delivery, routeNotices } = this.deps.config.bot;
    await recordBotStart(
      {
        name: this.name,
        puppet: puppet ?? '',
        heartbeatEverySeconds: heartbeatSeconds,
        delivers: delivery,
        routesNotices: delivery && routeNotices,
      },
      this.deps.clock.now(),
    );
    this.heartbeatTimer = setInterval(() => {
      recordBotHeartbeat(this.name, this.deps.clock.now()).catch((error: unknown) =>
        this.deps.log.warn('bot heartbeat failed', { error }),
      );
    }, heartbeatSeconds * 1000);
    this.heartbeatTimer.unref();
  }

  async start(): Promise<void> {
    this.bot.on('puppet', this.onPuppet);
    this.bot.on('scan', this.onScan);
    this.bot.on('login', this.onLogin);
    this.bot.on('logout', this.onLogout);
    this.bot.on('error', this.onError);
    await this.announce();
    const failure = await this.startBot();
    if (!this.puppetRunning) {
      this.deps.log.error('bot puppet did not start', { error: failure });
      this.scheduleRestart(failure ?? 'puppet did not start');
    } else if (!this.bot.isLoggedIn) {
      await this.record({ state: 'waiting-login' });
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeatTimer);
    await this.bot.stop().catch((error: unknown) => this.deps.log.warn('bot stop failed', { error }));
    await this.deps.work.idle();
    await this.record({ state: 'stopped', account: null });
    this.bot.off('puppet', this.onPuppet);
    this.bot.off('scan', this.onScan);
    this.bot.off('login', this.onLogin);
    this.bot.off('logout', this.onLogout);
    this.bot.off('error', this.onError);
  }
}

export function superviseBot(bot: Wechaty, deps: BotDeps, backoff: Backoff = defaultBackoff): BotSupervisor {
  return new Supervision(bot, deps, backoff);
}
