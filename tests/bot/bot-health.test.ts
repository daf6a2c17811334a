import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../config/logger.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { useTestDatabase } from '../support/database.js';
import { makeEmployee } from '../support/factories.js';

useTestDatabase();

let app: TestApp;
let t: TestBot;

interface BotHealthBody {
  status: string;
  bot: {
    state: string;
    instances: {
      name: string;
      state: string;
      account: { name: string } | null;
      restarts: number;
      lastError: string | null;
    }[];
  };
}

async function health(): Promise<BotHealthBody & { httpStatus: number }> {
  const res = await fetch(`${app.url}/healthz`);
  return { httpStatus: res.status, ...((await res.json()) as BotHealthBody) };
}

async function waitForHealth(
  predicate: (h: BotHealthBody) => boolean,
  what: string,
): Promise<BotHealthBody & { httpStatus: number }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const h = await health();
    if (predicate(h)) {
      return h;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(h.bot)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  await makeEmployee({ userId: 'zhangsan', name: '张三' });
  app = await startTestApp();
  t = await startTestBot(
    { BOT_ACCOUNT: 'assistant', BOT_HEARTBEAT_SECONDS: '30' },
    // Long enough a wait before a restart that a loaded machine's /healthz polls still see 'reconnecting'.
    { backoff: { initialMs: 3000, maxMs: 6000 } },
  );
});
afterAll(async () => {
  await t.stop();
  await app.close();
});

describe('the bot on /healthz', () => {
  it("when the bot is logged in, then the server's /healthz reports it online with its account", async () => {
    const h = await health();
    expect(h.httpStatus).toBe(200);
    expect(h.bot.state).toBe('online');
    expect(h.bot.instances).toEqual([
      expect.objectContaining({
        name: t.config.bot.name,
        state: 'online',
        account: expect.objectContaining({ name: 'CRM小助手' }),
      }),
    ]);
  });

  it('when the puppet stops, then the process survives, /healthz shows it reconnecting, and after the restart and login it is online again', async () => {
    const restarted = new Promise<void>((resolve) => {
      t.puppet.once('start', () => resolve());
    });
    await t.puppet.stop();

    const down = await waitForHealth((h) => h.bot.instances[0]?.state === 'reconnecting', 'reconnecting');
    expect(down.httpStatus).toBe(200);
    expect(down.status).toBe('ok');
    expect(down.bot.state).toBe('offline');
    expect(down.bot.instances[0]!.account).toBeNull();
    expect(down.bot.instances[0]!.lastError).toMatch(/puppet stopped|logged out/);

    await restarted;
    await waitForHealth((h) => h.bot.instances[0]?.state === 'waiting-login', 'the restarted puppet waiting for login');
    const loggedIn = new Promise((resolve) => t.bot.once('login', resolve));
    t.mocker.login(t.self);
    await loggedIn;

    const up = await waitForHealth((h) => h.bot.state === 'online', 'online');
    expect(up.bot.instances[0]).toMatchObject({ state: 'online', restarts: 1, account: { name: 'CRM小助手' } });
    // And it works again.
    const rep = t.colleague('zhangsan', '张三');
    await t.say(rep, '帮助');
    expect(t.lastSentTo(rep)).toContain('CRM 小助手可以帮你');
  });

  it('when the bot process stops beating, then /healthz reports it stale, without failing the server', async () => {
    app.clock.advance(91_000);
    const h = await health();
    expect(h.httpStatus).toBe(200);
    expect(h.bot).toMatchObject({ state: 'offline', instances: [expect.objectContaining({ state: 'stale' })] });
    app.clock.advance(-91_000);
  });

  it('when the bot is stopped on purpose, then /healthz reports it stopped without calling the bots degraded, and forgets it after an hour', async () => {
    await t.stop();
    const h = await health();
    expect(h.bot.instances[0]).toMatchObject({ state: 'stopped', account: null });
    expect(h.bot.state).toBe('absent');
    app.clock.advance(3601_000);
    expect((await health()).bot).toEqual({ state: 'absent', instances: [] });
    app.clock.advance(-3601_000);
  });

  it('when the puppet keeps failing, then the bot retries with doubling delays, /healthz shows why, and it comes up when the puppet does', async () => {
    const lines: string[] = [];
    const log = createLogger('warn', {}, (line) => lines.push(line));
    const flaky = await startTestBot(
      { BOT_NAME: 'flaky-bot' },
      { failStarts: 3, backoff: { initialMs: 40, maxMs: 1000 }, log },
    );
    const flakyState = (h: BotHealthBody) => h.bot.instances.find((i) => i.name === 'flaky-bot');
    try {
      const failing = await waitForHealth((h) => flakyState(h)?.state === 'reconnecting', 'reconnecting');
      expect(flakyState(failing)!.lastError).toContain('puppet service unreachable');

      await waitForHealth(
        (h) => flakyState(h)?.restarts === 3 && flakyState(h)?.state === 'waiting-login',
        'the third restart',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));

      expect(flakyState(await health())).toMatchObject({ state: 'waiting-login', restarts: 3 });
      const retries = lines
        .map((l) => JSON.parse(l) as { msg: string; attempt?: number; delayMs?: number })
        .filter((l) => l.msg === 'bot puppet is down; restarting');
      // 40, 80, 160 ms, less up to a quarter of jitter.
      expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
      retries.forEach((r, i) => {
        expect(r.delayMs).toBeGreaterThanOrEqual(30 * 2 ** i);
        expect(r.delayMs).toBeLessThanOrEqual(40 * 2 ** i);
      });
    } finally {
      await flaky.stop();
    }
  });
});
