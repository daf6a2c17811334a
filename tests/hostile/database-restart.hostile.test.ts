import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { type Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEND_HOLD_MS } from '../support/send-hold.js';
import { silentLogger } from '../../config/logger.js';
import { ensureIndexes } from '../../models/shared/db/database.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { JobRunModel } from '../../models/shared/job-run.model.js';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { DAY, systemClock } from '../../models/shared/clock.js';
import { WecomEventModel } from '../../models/wecom/wecom-event.model.js';
import { issueSessionToken } from '../../server/auth/session.js';
import { eventXml } from '../../server/wecom/emulator/emulator-callbacks.js';
import { offsetClock, startWecomEmulator, type WecomEmulator } from '../../server/wecom/emulator/wecom-emulator.js';
import { resyncOrganisation } from '../../server/wecom/resync/org-resync.js';
import { seededRandom } from '../support/company-generator.js';
import { startKillableDatabase, type KillableDatabase } from '../support/embedded-db.js';
import { employeeContext } from '../support/factories.js';
import { httpCall, isCleanError, type HttpOutcome } from '../support/http-call.js';
import { checkPoolInvariants } from '../support/pool-invariants.js';
import { runRepTraffic, type ApiExchange } from '../support/rep-traffic.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { testCorp, testCorpEnv, testWecomClient, wecomTestConfig } from '../support/wecom.js';
import { WecomCallbackSender } from '../support/wecom-sender.js';
import { until } from '../support/until.js';

// 60 s of mixed traffic against the real server process while its database is SIGKILLed and started
// again on the same port and file: WeCom callbacks resent until acknowledged, six reps using the
// mini-app, the drop sweep and the counter reconciler firing every few seconds, messages going out.

const LOAD_MS = 60_000;
const KILL_AT_MS = 20_000;
const OUTAGE_MS = 12_000;
const CAPACITY = 40;
const REPS = ['rep1', 'rep2', 'rep3', 'rep4', 'rep5', 'rep6'];
const SESSION_SECRET = 'hostile-session-secret-0123456789abcdef';

const serverEnv = (db: KillableDatabase, emulator: WecomEmulator, dataDir: string) => ({
  MONGODB_URI: db.uri('scrm'),
  DATA_DIR: dataDir,
  WORKER_LEASE_SECONDS: '5',
  ...testCorpEnv(emulator.apiBase),
  SESSION_SECRET,
  POOL_CAPACITY: String(CAPACITY),
  POOL_DAILY_CLAIM_LIMIT: '100000',
  RATE_LIMIT_POOL_SEARCH: '100000/min',
  RATE_LIMIT_CLAIM: '100000/min',
  // A job firing all along: drops every 5 s, the counter reconciler every 15 s (node-cron seconds field).
  JOB_SCHEDULES: 'drop-sweep=*/5 * * * * *;counter-reconcile=*/15 * * * * *',
});

let db: KillableDatabase;
let emulator: WecomEmulator;
let server: ServerProcess;
const dataDir = mkdtempSync(join(tmpdir(), 'scrm-hostile-'));
const agent = new Agent({ keepAlive: true, maxSockets: 32 });
const config = () => wecomTestConfig(emulator.apiBase, { POOL_CAPACITY: String(CAPACITY) });
let reps: { userId: string; _id: Types.ObjectId }[] = [];
let sequence = 0;

/** A customer the rep has not followed up for 40 days: the next sweep drops it. */
async function staleCustomer(rep: { _id: Types.ObjectId }): Promise<void> {
  const n = ++sequence;
  await createCustomer(
    { customer: { name: `压测掉保${n}号科技有限公司`, source: 'import' }, into: 'private' },
    employeeContext({ _id: rep._id, role: 'rep' }, new Date(Date.now() - 40 * DAY), config()),
  );
}

beforeAll(async () => {
  db = await startKillableDatabase();
  await mongoose.connect(db.uri('scrm'));
  await ensureIndexes();
  emulator = await startWecomEmulator({ corp: testCorp, clock: offsetClock() });
  emulator.addDepartment(1, '公司', 0);
  emulator.addDepartment(10, '销售一组', 1);
  emulator.addUser({ userid: 'mgr', name: '主管老周', department: [10], is_leader_in_dept: [1] });
  REPS.forEach((userid, i) => emulator.addUser({ userid, name: `销售${i + 1}`, department: [10] }));
  await resyncOrganisation(
    { config: config(), wecom: testWecomClient(config()), clock: systemClock, log: silentLogger },
    { dryRun: false, errors: [] },
  );
  reps = await EmployeeModel.find({ userId: { $in: REPS } }, { userId: 1 }).lean();
  for (let i = 0; i < 150; i++) {
    await createCustomer(
      { customer: { name: `压测公海${i}号贸易有限公司`, source: 'import' }, into: 'public' },
      { actor: { kind: 'system', name: 'seed' }, now: new Date(), config: config() },
    );
  }
  for (const rep of reps) {
    for (let i = 0; i < 3; i++) {
      await staleCustomer(rep);
    }
  }
  server = await startServerProcess(serverEnv(db, emulator, dataDir));
}, 120_000);

afterAll(async () => {
  await server?.kill('SIGKILL');
  agent.destroy();
  await mongoose.disconnect();
  await emulator?.close();
  await db?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sustained mixed load while the database is killed and restarted', () => {
  it(
    'when the database dies mid-run and comes back, then every acknowledged callback is stored and processed, the pool invariants hold, and the server recovers on its own',
    { timeout: 240_000 + SEND_HOLD_MS },
    async () => {
      const random = seededRandom(8);
      const started = Date.now();
      const keepGoing = () => Date.now() - started < LOAD_MS;
      // Like WeCom: gives up on an answer after 5 s and resends.
      const sender = new WecomCallbackSender(testCorp, `${server.url}/wecom/callback`, {
        agent,
        timeoutMs: 5000,
        retryDelayMs: 500,
      });
      const exchanges: ApiExchange[] = [];
      const health: HttpOutcome[] = [];
      let outage = { killedAt: 0, restartedAt: 0 };

      const callbacks = Array.from({ length: 3 }, async (_, lane) => {
        const contacts: { userId: string; externalUserId: string }[] = [];
        while (keepGoing()) {
          const userId = REPS[Math.floor(random() * REPS.length)]!;
          const edit = contacts.length > 0 && random() < 0.3 ? contacts[Math.floor(random() * contacts.length)]! : null;
          let xml: string;
          if (edit) {
            await emulator
              .editExternalContact(edit.userId, edit.externalUserId, { remark: `备注${++sequence}` })
              .catch(() => null);
            xml = eventXml(testCorp, new Date(), {
              Event: 'change_external_contact',
              ChangeType: 'edit_external_contact',
              UserID: edit.userId,
              ExternalUserID: edit.externalUserId,
            });
          } else {
            const { externalUserId } = await emulator.addExternalContact({
              userId,
              name: `联系人${lane}-${++sequence}`,
              type: 2,
              corpName: `回调线索${sequence}号信息技术有限公司`,
              silent: true,
            });
            contacts.push({ userId, externalUserId });
            xml = eventXml(testCorp, new Date(), {
              Event: 'change_external_contact',
              ChangeType: 'add_external_contact',
              UserID: userId,
              ExternalUserID: externalUserId,
              State: 'hostile',
            });
          }
          await sender.deliver(xml);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      });
      const miniapp = reps.map((rep, i) =>
        runRepTraffic(
          {
            baseUrl: server.url,
            token: issueSessionToken(SESSION_SECRET, rep._id, new Date()),
            rep: rep.userId,
            random: seededRandom(100 + i),
            agent,
            timeoutMs: 30_000,
            thinkMs: [100, 300],
          },
          keepGoing,
          exchanges,
        ),
      );
      const feeder = (async () => {
        // New stale customers keep arriving (as an import would bring them), so sweeps have work all along.
        while (keepGoing()) {
          await staleCustomer(reps[Math.floor(random() * reps.length)]!).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
      })();
      const prober = (async () => {
        while (keepGoing()) {
          health.push(await httpCall(`${server.url}/healthz`, { timeoutMs: 30_000 }));
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      })();
      const fault = (async () => {
        await new Promise((resolve) => setTimeout(resolve, KILL_AT_MS));
        const killedAt = Date.now();
        await db.kill();
        await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
        await db.restart();
        outage = { killedAt, restartedAt: Date.now() };
      })();
      await Promise.all([...callbacks, ...miniapp, feeder, prober, fault]);

      // The server process is the one started before the run: it was never restarted.
      expect(server.child.exitCode).toBeNull();
      expect(server.child.signalCode).toBeNull();

      // Nothing hung, no connection was dropped; every failure was a clean error; outside the outage
      // (and a few seconds for the driver to reconnect) nothing failed at all.
      const everything: (HttpOutcome & { op: string })[] = [
        ...exchanges,
        ...health.map((h) => ({ ...h, op: 'healthz' })),
        ...sender.attempts.map((a) => ({ ...a, op: 'callback' })),
      ];
      expect(everything.filter((x) => x.error)).toEqual([]);
      const disturbed = (x: HttpOutcome) => x.settledAt >= outage.killedAt && x.sentAt <= outage.restartedAt + 10_000;
      const serverErrors = everything.filter((x) => x.status >= 500);
      expect(serverErrors.filter((x) => !disturbed(x)).map((x) => `${x.op} ${x.status} ${x.body}`)).toEqual([]);
      expect(
        serverErrors.filter((x) => !isCleanError(x) && x.op !== 'healthz').map((x) => `${x.op} ${x.status} ${x.body}`),
      ).toEqual([]);
      // A 500 names the error the server logged for its request, so a failure here says what went unmapped.
      const loggedFor = (x: HttpOutcome) =>
        JSON.stringify(
          server.logs
            .filter((l) => typeof l.requestId === 'string' && x.body.includes(l.requestId))
            .map((l) => l.error),
        );
      expect(
        serverErrors.filter((x) => x.status !== 503).map((x) => `${x.op} ${x.status} ${x.body} ${loggedFor(x)}`),
      ).toEqual([]);
      // The outage was real: callbacks were refused during it, and /healthz said so.
      expect(sender.attempts.filter((a) => disturbed(a) && a.status === 503).length).toBeGreaterThan(0);
      expect(health.filter((h) => disturbed(h) && h.status === 503).length).toBeGreaterThan(0);
      expect(exchanges.filter((x) => x.status === 200 && x.op === 'claim').length).toBeGreaterThan(0);

      // Every callback acknowledged with 200 is stored and gets processed, none parked as failed.
      const acknowledged = [...sender.acknowledged];
      expect(acknowledged.length).toBeGreaterThan(50);
      expect(await WecomEventModel.countDocuments({ _id: { $in: acknowledged } })).toBe(acknowledged.length);
      await until(
        async () =>
          (await WecomEventModel.countDocuments({ _id: { $in: acknowledged }, status: 'done' })) ===
          acknowledged.length,
        90_000,
      );
      expect(await WecomEventModel.countDocuments({ status: { $ne: 'done' } })).toBe(0);

      // The background work survived: a drop sweep fired and finished after the restart.
      expect(
        await JobRunModel.countDocuments({
          job: 'drop-sweep',
          status: 'done',
          firedAt: { $gt: new Date(outage.restartedAt) },
        }),
      ).toBeGreaterThan(0);
      // The sender kept going: messages went out after the restart, none failed, and none is left due
      // (what still waits, waits for its member's per-minute WeCom limit) or held under a lapsed lease.
      // (A run that straddles WeCom's :00/:30 send hold sees its messages go out when the hold ends.)
      await until(
        async () =>
          (await OutboundMessageModel.countDocuments({
            channel: 'wecom',
            status: 'sent',
            sentAt: { $gt: new Date(outage.restartedAt) },
          })) > 0,
        30_000 + SEND_HOLD_MS,
      );
      expect(await OutboundMessageModel.countDocuments({ status: 'failed' })).toBe(0);
      await until(async () => {
        const now = Date.now();
        const [overdue, abandoned] = await Promise.all([
          OutboundMessageModel.countDocuments({
            channel: 'wecom',
            status: 'pending',
            nextAttemptAt: { $lt: new Date(now - 10_000) },
          }),
          OutboundMessageModel.countDocuments({
            channel: 'wecom',
            status: 'sending',
            leaseUntil: { $lt: new Date(now - 10_000) },
          }),
        ]);
        return overdue + abandoned === 0;
      }, 60_000);
      expect(server.logs.filter((l) => String(l.msg).includes('stopped unexpectedly'))).toEqual([]);

      // The invariants hold; counters a failed claim left too high are repaired by the server's own reconciler.
      let report = await checkPoolInvariants(CAPACITY);
      await until(async () => (report = await checkPoolInvariants(CAPACITY)).violations.length === 0, 45_000).catch(
        () => undefined,
      );
      expect(report.violations).toEqual([]);
      expect(report.ledgerEntries).toBeGreaterThan(report.customers);

      // And it answers normally, on the same process.
      expect((await httpCall(`${server.url}/healthz`)).status).toBe(200);
      const me = await httpCall(`${server.url}/api/me`, {
        headers: { authorization: `Bearer ${issueSessionToken(SESSION_SECRET, reps[0]!._id, new Date())}` },
      });
      expect(me.status).toBe(200);
    },
  );
});
