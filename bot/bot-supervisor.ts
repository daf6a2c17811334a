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

export function superviseBot(bot: Wechaty, deps: BotDeps, backoff: Backoff = defaultBackoff): BotSupervisor {
  const { name } = deps.config.bot;
  let stopping = false;
  let restarting = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let lastErrorWrite = 0;
  /** The last error the puppet reported, to say why it stopped. */
  let lastError: string | null = null;
  // Followed through the puppet's own start/stop events (its state object is not typed for us).
  let puppetRunning = false;

  const record = (change: BotStateChange) =>
    recordBotState(name, change, deps.clock.now()).catch((error: unknown) =>
      deps.log.warn('could not record the bot state', { error }),
    );

  const puppetActive = () => puppetRunning;

  const scheduleRestart = (reason: string) => {
    if (stopping || restarting || retryTimer) {
      return;
    }
    attempt += 1;
    // Jitter keeps several bots that lost one puppet service from coming back in lockstep.
    const delay = Math.round(
      backoffDelay(attempt, { baseMs: backoff.initialMs, maxMs: backoff.maxMs, spread: [0.75, 1] }),
    );
    deps.log.warn('bot puppet is down; restarting', { reason, attempt, delayMs: delay });
    void record({ state: 'reconnecting', error: reason });
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void restart();
    }, delay);
  };

  const restart = async () => {
    restarting = true;
    let failure: string | null;
    try {
      await bot.stop().catch((error: unknown) => deps.log.warn('bot stop before restart failed', { error }));
      failure = await startBot();
    } finally {
      restarting = false;
    }
    if (puppetActive()) {
      await record({ state: bot.isLoggedIn ? 'online' : 'waiting-login', restarted: true });
      return;
    }
    await record({ restarted: true });
    scheduleRestart(failure ?? 'puppet did not start');
  };

  /** Starts the bot; returns what went wrong, if anything did. */
  const startBot = async (): Promise<string | null> => {
    let failure: string | null = null;
    const onStartError = (error: Error) => {
      failure ??= error.message || String(error);
    };
    // Wechaty reports a puppet that fails to start as an 'error' event, not as a rejection.
    bot.on('error', onStartError);
    try {
      await bot.start();
    } catch (error) {
      failure ??= error instanceof Error ? error.message : String(error);
    } finally {
      bot.off('error', onStartError);
    }
    return failure;
  };

  const onPuppet = (puppet: PUPPET.impls.PuppetInterface) => {
    puppet.on('start', () => {
      puppetRunning = true;
    });
    puppet.on('stop', () => {
      puppetRunning = false;
      if (!stopping && !restarting) {
        scheduleRestart(lastError ? `puppet stopped: ${lastError}` : 'puppet stopped');
      }
    });
  };
  const onScan = (qrcode: string, status: PUPPET.types.ScanStatus) => {
    deps.log.info('bot waiting for login: scan the QR code', { status, qrcode });
    void record({ state: 'waiting-login' });
  };
  const onLogin = (user: ContactSelf) =>
    deps.work.run('supervisor:login', async () => {
      deps.account.online = true;
      attempt = 0;
      lastError = null;
      const employee = await employeeOfContact(user, deps);
      deps.account.employee = employee;
      deps.log.info('bot logged in', { account: user.id, employeeUserId: employee?.userId ?? null });
      await record({
        state: 'online',
        account: { id: user.id, name: user.name(), employeeUserId: employee?.userId ?? null },
      });
    });
  const onLogout = (_user: ContactSelf, reason?: string) => {
    deps.account.online = false;
    deps.account.employee = null;
    deps.log.warn('bot logged out', { reason });
    void record({
      state: stopping ? 'stopped' : 'offline',
      account: null,
      ...(reason && !stopping ? { error: `logged out: ${reason}` } : {}),
    });
  };
  const onError = (error: Error) => {
    deps.log.warn('bot error', { error });
    lastError = error.message || String(error);
    // An error storm must not turn into a write storm.
    const now = Date.now();
    if (now - lastErrorWrite > 1000) {
      lastErrorWrite = now;
      void record({ error: error.message || String(error) });
    }
  };

  return {
    async start() {
      bot.on('puppet', onPuppet);
      bot.on('scan', onScan);
      bot.on('login', onLogin);
      bot.on('logout', onLogout);
      bot.on('error', onError);
      const { puppet, heartbeatSeconds, delivery, routeNotices } = deps.config.bot;
      await recordBotStart(
        {
          name,
          puppet: puppet ?? '',
          heartbeatEverySeconds: heartbeatSeconds,
          delivers: delivery,
          routesNotices: delivery && routeNotices,
        },
        deps.clock.now(),
      );
      heartbeatTimer = setInterval(() => {
        recordBotHeartbeat(name, deps.clock.now()).catch((error: unknown) =>
          deps.log.warn('bot heartbeat failed', { error }),
        );
      }, deps.config.bot.heartbeatSeconds * 1000);
      heartbeatTimer.unref();
      const failure = await startBot();
      if (!puppetActive()) {
        deps.log.error('bot puppet did not start', { error: failure });
        scheduleRestart(failure ?? 'puppet did not start');
      } else if (!bot.isLoggedIn) {
        await record({ state: 'waiting-login' });
      }
    },
    async stop() {
      stopping = true;
      clearTimeout(retryTimer);
      clearInterval(heartbeatTimer);
      await bot.stop().catch((error: unknown) => deps.log.warn('bot stop failed', { error }));
      await deps.work.idle();
      await record({ state: 'stopped', account: null });
      bot.off('puppet', onPuppet);
      bot.off('scan', onScan);
      bot.off('login', onLogin);
      bot.off('logout', onLogout);
      bot.off('error', onError);
    },
  };
}
