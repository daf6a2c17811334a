import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { testCorp, wecomTestConfig } from '../support/wecom.js';

// Concurrent WeCom callbacks share database inserts (models/wecom/store-batcher.ts), and each one is
// still acknowledged only once its own event is stored: with the database SIGKILLed in the middle of a
// burst, every callback that got its 200 is there after the restart.

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

/** POSTs a callback; resolves with the status, or 0 when the connection died (no acknowledgement). */
function deliver(base: string, xml: string, now: Date): Promise<number> {
  const callback = signedCallback(testCorp, xml, now);
  return new Promise((resolve) => {
    const req = request(callbackUrl(`${base}/wecom/callback`, callback.query), { method: 'POST', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end(callback.body);
  });
}

/** POSTs a callback; resolves with the status, the error code of a refusal, and how long the answer took. */
function deliverTimed(base: string, xml: string, now: Date): Promise<{ status: number; code?: string; ms: number }> {
  const callback = signedCallback(testCorp, xml, now);
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(callbackUrl(`${base}/wecom/callback`, callback.query), { method: 'POST', agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const code = body ? (JSON.parse(body) as { error?: { code?: string } }).error?.code : undefined;
        resolve({ status: res.statusCode ?? 0, code, ms: performance.now() - started });
      });
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(callback.body);
  });
}

/**
 * Delivers the events with `inFlight` at a time; `after(acked)` runs after each answer and says whether to go on
 * sending (the callbacks already sent are answered either way).
 */
async function deliverAll(
  base: string,
  xmls: string[],
  inFlight: number,
  now: () => Date,
  after: (acked: number) => Promise<boolean> = () => Promise.resolve(true),
): Promise<Map<string, number>> {
  const statuses = new Map<string, number>();
  let next = 0;
  let acked = 0;
  let goOn = true;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < xmls.length && goOn) {
        const xml = xmls[next++]!;
        const status = await deliver(base, xml, now());
        statuses.set(xml, status);
        acked += status === 200 ? 1 : 0;
        goOn = (await after(acked)) && goOn;
      }
    }),
  );
  return statuses;
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
    async () => {
      const db = await startKillableDatabase();
      const dataDir = mkdtempSync(join(tmpdir(), 'scrm-batch-'));
      const server = await startServerProcess({
        MONGODB_URI: db.uri('scrm'),
        DATA_DIR: dataDir,
        WECOM_CORP_ID: testCorp.corpId,
        WECOM_SECRET: testCorp.secret,
        WECOM_AGENT_ID: String(testCorp.agentId),
        WECOM_TOKEN: testCorp.token,
        WECOM_AES_KEY: testCorp.aesKey,
        // Nothing answers there: the events stay stored and pending.
        WECOM_API_BASE: 'http://127.0.0.1:9/cgi-bin',
        SESSION_SECRET: 'batch-test-session-secret-0123456789',
      });
      try {
        const xmls = events(600, new Date(), 'kill');
        let killed = false;
        // After the kill, only the callbacks already in flight are answered (refused, or acknowledged if stored).
        const statuses = await deliverAll(
          server.url,
          xmls,
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
        const acknowledged = xmls.filter((xml) => statuses.get(xml) === 200);
        expect(killed).toBe(true);
        expect(acknowledged.length).toBeGreaterThanOrEqual(200);
        // The kill landed mid-burst: callbacks in flight then were refused (5xx or a dropped connection).
        expect(acknowledged.length).toBeLessThan(statuses.size);

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
    },
  );

  it(
    'when the database hangs in the middle of a burst, then every callback waiting on it is answered 503 DATABASE_UNAVAILABLE before WeCom gives up, and once it answers again the resends are stored once',
    { timeout: 120_000 },
    async () => {
      const db = await startKillableDatabase();
      await mongoose.connect(db.uri('scrm'));
      await ensureIndexes();
      const app = await startTestApp({ config: wecomTestConfig('http://127.0.0.1:9/cgi-bin') });
      try {
        const now = () => app.clock.now();
        const before = events(20, now(), 'before');
        expect([...(await deliverAll(app.url, before, 8, now)).values()].every((s) => s === 200)).toBe(true);

        db.pause();
        // The first wave's insert hangs in flight; the second wave, a second later, queues behind it.
        const hung = events(40, now(), 'hung');
        const first = Promise.all(hung.slice(0, 20).map((xml) => deliverTimed(app.url, xml, now())));
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const second = Promise.all(hung.slice(20).map((xml) => deliverTimed(app.url, xml, now())));
        const answers = [...(await first), ...(await second)];
        db.resume();
        // Each is refused by the store deadline (4 s after it asked), well before the driver would give up.
        expect(answers.map((a) => `${a.status} ${a.code}`)).toEqual(hung.map(() => '503 DATABASE_UNAVAILABLE'));
        expect(Math.min(...answers.map((a) => a.ms))).toBeGreaterThan(3500);
        expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(8000);

        // WeCom resends them: acknowledged (stored now, or already by the insert that landed late), each once.
        const resent = await deliverAll(app.url, hung, 8, now);
        expect([...resent.values()].every((s) => s === 200)).toBe(true);
        const keys = [...before, ...hung].map((xml) => wecomEventKey(parseCallbackXml(xml)));
        expect(await WecomEventModel.countDocuments({ _id: { $in: keys } })).toBe(60);
        expect(await WecomEventModel.countDocuments()).toBe(60);
      } finally {
        db.resume();
        await app.close();
        await mongoose.disconnect();
        await db.stop();
      }
    },
  );
});
