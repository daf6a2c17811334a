import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureIndexes } from '../../models/shared/db/database.js';
import { wecomEventKey } from '../../models/wecom/event-key.js';
import { WecomEventModel } from '../../models/wecom/wecom-event.model.js';
import { parseCallbackXml } from '../../server/wecom/callback/callback-xml.js';
import { callbackUrl, eventXml, signedCallback } from '../../server/wecom/emulator/emulator-callbacks.js';
import { startTestApp } from '../support/app.js';
import { testDatabaseUri } from '../support/database.js';
import { startKillableDatabase } from '../support/embedded-db.js';
import { startServerProcess } from '../support/server-process.js';
import { testCorp, testCorpEnv, wecomTestConfig } from '../support/wecom.js';

// Concurrent WeCom callbacks share database inserts (models/wecom/store-batcher.ts), and each one is
// still acknowledged only once its own event is stored: with the database SIGKILLed in the middle of a
// burst (one HTTP process or two), every callback that got its 200 is there after the restart; with it
// hung, none is acknowledged before its own insert returned. Every burst goes half through the fast path
// and half through the Koa route.

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
afterAll(() => agent.destroy());

/** Distinct add_external_contact events, one per contact. */
function events(count: number, now: Date, tag: string): string[] {
  return Array.from({ length: count }, (_, i) =>
    eventXml(testCorp, now, {
      Event: 'change_external_contact',
      ChangeType: 'add_external_contact',
      UserID: 'rep1',
      ExternalUserID: `wm${tag}${i}`,
    }),
  );
}

/**
 * The callback URL for the i-th callback: the even ones go to POST /wecom/callback, answered ahead of the app
 * (callback-fast-path.ts), the odd ones to /wecom/callback/, which only the Koa route matches; both must store
 * before they acknowledge.
 */
function endpoint(base: string, i: number): string {
  return i % 2 === 0 ? `${base}/wecom/callback` : `${base}/wecom/callback/`;
}

/** POSTs a callback; resolves with the status, or 0 when the connection died (no acknowledgement). */
function deliver(url: string, xml: string, now: Date): Promise<number> {
  const callback = signedCallback(testCorp, xml, now);
  return new Promise((resolve) => {
    const req = request(callbackUrl(url, callback.query), { method: 'POST', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end(callback.body);
  });
}

/**
 * POSTs a callback; resolves with the status, the error code of a refusal, how long the answer took and when it
 * came (performance.now()).
 */
function deliverTimed(
  url: string,
  xml: string,
  now: Date,
): Promise<{ status: number; code?: string; ms: number; answeredAt: number }> {
  const callback = signedCallback(testCorp, xml, now);
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(callbackUrl(url, callback.query), { method: 'POST', agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const code = body ? (JSON.parse(body) as { error?: { code?: string } }).error?.code : undefined;
        const answeredAt = performance.now();
        resolve({ status: res.statusCode ?? 0, code, ms: answeredAt - started, answeredAt });
      });
    });
    req.on('error', () => {
      const answeredAt = performance.now();
      resolve({ status: 0, ms: answeredAt - started, answeredAt });
    });
    req.end(callback.body);
  });
}

interface SeenInsert {
  keys: string[];
  started: number;
  ended?: number;
  outcome?: string;
}

/**
 * The wecom_events inserts mongoose's connection (connected with monitorCommands) sends, with when each was sent and
 * answered (performance.now()), to tell which insert carried a callback's event.
 */
function watchEventInserts(): {
  carrying(key: string): SeenInsert | undefined;
  /** The inserts sent after `from` and answered before `to`. */
  answeredBetween(from: number, to: number): SeenInsert[];
  stop(): void;
} {
  const client = mongoose.connection.getClient();
  const byRequest = new Map<number, SeenInsert>();
  const started = (event: CommandStartedEvent) => {
    if (event.commandName === 'insert' && event.command.insert === 'wecom_events') {
      const docs = event.command.documents as { _id: string }[];
      byRequest.set(event.requestId, { keys: docs.map((d) => d._id), started: performance.now() });
    }
  };
  const ended = (event: CommandSucceededEvent | CommandFailedEvent) => {
    const insert = byRequest.get(event.requestId);
    if (insert) {
      insert.ended = performance.now();
      insert.outcome = 'failure' in event ? `failed: ${String(event.failure)}` : 'succeeded';
    }
  };
  client.on('commandStarted', started);
  client.on('commandSucceeded', ended);
  client.on('commandFailed', ended);
  return {
    carrying: (key) => [...byRequest.values()].reverse().find((insert) => insert.keys.includes(key)),
    answeredBetween: (from, to) =>
      [...byRequest.values()].filter((i) => i.started > from && i.ended !== undefined && i.ended < to),
    stop() {
      client.off('commandStarted', started);
      client.off('commandSucceeded', ended);
      client.off('commandFailed', ended);
    },
  };
}

/**
 * Delivers the events with `inFlight` at a time; `after(acked)` runs after each answer and says whether to go on
 * sending (the callbacks already sent are answered either way), alternating between the two routes (endpoint).
 * Answers each one's status by its index (none for one not sent).
 */
async function deliverAll(
  base: string,
  xmls: string[],
  inFlight: number,
  now: () => Date,
  after: (acked: number) => Promise<boolean> = () => Promise.resolve(true),
): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  let acked = 0;
  let goOn = true;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < xmls.length && goOn) {
        const index = next++;
        const status = await deliver(endpoint(base, index), xmls[index]!, now());
        statuses[index] = status;
        acked += status === 200 ? 1 : 0;
        goOn = (await after(acked)) && goOn;
      }
    }),
  );
  return statuses;
}

/**
 * A burst of 600 callbacks, each sent `copies` times at once (as WeCom resends one it thinks lost, to whichever
 * process takes the connection), into the server process on a database SIGKILLed after 200 acknowledgements;
 * after its restart, every event acknowledged by any copy must be there.
 */
async function killedMidBurst(env: Record<string, string>, copies: number): Promise<void> {
  const db = await startKillableDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'scrm-batch-'));
  const server = await startServerProcess(
    {
      MONGODB_URI: db.uri('scrm'),
      DATA_DIR: dataDir,
      // Nothing answers there: the events stay stored and pending.
      ...testCorpEnv('http://127.0.0.1:9/cgi-bin'),
      SESSION_SECRET: 'batch-test-session-secret-0123456789',
      ...env,
    },
    150_000,
  );
  try {
    const processes = Number(env.WEB_CONCURRENCY ?? 1);
    if (processes > 1) {
      const listening = server.logs.filter((l) => l.msg === 'HTTP process listening').map((l) => Number(l.pid));
      expect(new Set(listening).size).toBe(processes);
    }
    const xmls = events(600, new Date(), 'kill');
    const sends = xmls.flatMap((xml) => Array.from({ length: copies }, () => xml));
    let killed = false;
    // After the kill, only the callbacks already in flight are answered (refused, or acknowledged if stored).
    const statuses = await deliverAll(
      server.url,
      sends,
      48,
      () => new Date(),
      async (acked) => {
        if (acked >= 200 && !killed) {
          killed = true;
          await db.kill();
        }
        return !killed;
      },
    );
    const acknowledged = xmls.filter((_, i) => statuses.slice(i * copies, (i + 1) * copies).includes(200));
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(200 / copies);
    // The kill landed mid-burst: callbacks in flight then were refused (5xx or a dropped connection).
    const sent = statuses.filter((s) => s !== undefined);
    expect(sent.filter((s) => s === 200).length).toBeLessThan(sent.length);

    await db.restart();
    await mongoose.connect(db.uri('scrm'));
    const keys = acknowledged.map((xml) => wecomEventKey(parseCallbackXml(xml)));
    expect(await WecomEventModel.countDocuments({ _id: { $in: keys } })).toBe(keys.length);
  } finally {
    await mongoose.disconnect();
    await server.kill('SIGKILL');
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('batched callback stores', () => {
  it('when 300 callbacks arrive at once, then they share inserts and each acknowledged one is stored once', async () => {
    await mongoose.connect(testDatabaseUri(), { monitorCommands: true });
    await ensureIndexes();
    const app = await startTestApp({ config: wecomTestConfig('http://127.0.0.1:9/cgi-bin') });
    let inserts = 0;
    const onCommand = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.commandName === 'insert' && event.command.insert === 'wecom_events') {
        inserts += 1;
      }
    };
    mongoose.connection.getClient().on('commandStarted', onCommand);
    try {
      const xmls = events(300, app.clock.now(), 'batch');
      // WeCom's resends of 50 of them are acknowledged as duplicates and stored no second time.
      const statuses = await deliverAll(app.url, [...xmls, ...xmls.slice(0, 50)], 64, () => app.clock.now());
      expect([...statuses.values()].every((s) => s === 200)).toBe(true);
      expect(inserts).toBeLessThan(300 / 4);
      const keys = xmls.map((xml) => wecomEventKey(parseCallbackXml(xml)));
      expect(await WecomEventModel.countDocuments({ _id: { $in: keys } })).toBe(300);
      expect(await WecomEventModel.countDocuments()).toBe(300);
      const stored = await WecomEventModel.findById(keys[0]).lean();
      expect(stored).toMatchObject({
        status: 'pending',
        attempts: 0,
        leaseUntil: null,
        changeType: 'add_external_contact',
      });
    } finally {
      mongoose.connection.getClient().off('commandStarted', onCommand);
      await app.close();
      await mongoose.connection.dropDatabase();
      await mongoose.disconnect();
    }
  });

  it(
    'when the database is SIGKILLed in the middle of a burst, then every callback acknowledged before is stored after its restart',
    { timeout: 120_000 },
    () => killedMidBurst({}, 1),
  );

  it(
    'when two HTTP processes (WEB_CONCURRENCY=2) take each callback twice at once and the database is SIGKILLed mid-burst, then every callback acknowledged by either is stored after its restart',
    { timeout: 240_000 },
    () => killedMidBurst({ WEB_CONCURRENCY: '2' }, 2),
  );

  it(
    'when the database hangs in the middle of a burst, then every callback waiting on it is answered 503 DATABASE_UNAVAILABLE before WeCom gives up, and once it answers again the resends are stored once',
    { timeout: 120_000 },
    async () => {
      const db = await startKillableDatabase();
      await mongoose.connect(db.uri('scrm'), { monitorCommands: true });
      await ensureIndexes();
      const app = await startTestApp({ config: wecomTestConfig('http://127.0.0.1:9/cgi-bin') });
      const inserts = watchEventInserts();
      try {
        const now = () => app.clock.now();
        const before = events(20, now(), 'before');
        expect([...(await deliverAll(app.url, before, 8, now)).values()].every((s) => s === 200)).toBe(true);

        // SIGSTOP takes effect when the kernel gets round to each of the JVM's threads: callbacks sent the moment
        // kill(2) returned were answered 200 by a database still running (seen once in CI; here 4 cycles in 150
        // at load ~14, one with the whole first wave acknowledged, its two inserts answered 35 and 52 ms after
        // the signal and the last thread stopped at 175 ms). pause() resolves once every thread is stopped.
        const signalledAt = performance.now();
        const stopMs = await db.pause();
        const stoppedAt = signalledAt + stopMs;
        // The first wave's insert hangs in flight; the second wave, a second later, queues behind it.
        const hung = events(40, now(), 'hung');
        const first = Promise.all(hung.slice(0, 20).map((xml, i) => deliverTimed(endpoint(app.url, i), xml, now())));
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const second = Promise.all(hung.slice(20).map((xml, i) => deliverTimed(endpoint(app.url, i), xml, now())));
        const answers = [...(await first), ...(await second)];
        // Nothing continued it meanwhile (whatever answered, answered while it was stopped).
        const stayedPaused = db.paused();
        const resumedAt = performance.now();
        db.resume();

        // First the property that matters most: a callback answered 200 is one whose own insert returned before
        // the 200 and whose event is stored. What each 200 came from is told, so a failure explains itself.
        const hungKeys = hung.map((xml) => wecomEventKey(parseCallbackXml(xml)));
        const acknowledged = hungKeys.filter((_, i) => answers[i]!.status === 200);
        const stored = new Set(
          (await WecomEventModel.find({ _id: { $in: acknowledged } }, { _id: 1 }).lean()).map((d) => String(d._id)),
        );
        const at = (t: number | undefined) => (t === undefined ? 'never' : `+${Math.round(t - signalledAt)} ms`);
        const ackedBeforeItsInsert = acknowledged.filter((key) => {
          const insert = inserts.carrying(key);
          return insert?.outcome !== 'succeeded' || insert.ended! > answers[hungKeys.indexOf(key)]!.answeredAt;
        });
        const story = [
          `SIGSTOP sent at +0 ms, every thread stopped at ${at(stoppedAt)}, still stopped after the answers: ` +
            `${stayedPaused}, resumed at ${at(resumedAt)}; ${acknowledged.length} of ${hung.length} answered 200`,
          ...acknowledged.map((key) => {
            const insert = inserts.carrying(key);
            return (
              `${key}: 200 at ${at(answers[hungKeys.indexOf(key)]!.answeredAt)}, ` +
              `${stored.has(key) ? 'stored' : 'NOT STORED'}; its insert (${insert?.keys.length ?? 0} events) sent ` +
              `${at(insert?.started)}, answered ${at(insert?.ended)} (${insert?.outcome ?? 'none seen'})`
            );
          }),
        ].join('\n');
        expect(ackedBeforeItsInsert, story).toEqual([]);
        expect(
          acknowledged.filter((key) => !stored.has(key)),
          story,
        ).toEqual([]);
        // The pause held: no insert sent after the database stopped was answered before it was continued.
        expect(stayedPaused, story).toBe(true);
        expect(inserts.answeredBetween(stoppedAt, resumedAt).length, story).toBe(0);
        // Each is refused by the store deadline (4 s after it asked), well before the driver would give up.
        expect(
          answers.map((a) => `${a.status} ${a.code}`),
          story,
        ).toEqual(hung.map(() => '503 DATABASE_UNAVAILABLE'));
        expect(Math.min(...answers.map((a) => a.ms))).toBeGreaterThan(3500);
        expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(8000);

        // WeCom resends them: acknowledged (stored now, or already by the insert that landed late), each once.
        const resent = await deliverAll(app.url, hung, 8, now);
        expect([...resent.values()].every((s) => s === 200)).toBe(true);
        const keys = [...before, ...hung].map((xml) => wecomEventKey(parseCallbackXml(xml)));
        expect(await WecomEventModel.countDocuments({ _id: { $in: keys } })).toBe(60);
        expect(await WecomEventModel.countDocuments()).toBe(60);
      } finally {
        inserts.stop();
        db.resume();
        await app.close();
        await mongoose.disconnect();
        await db.stop();
      }
    },
  );
});
