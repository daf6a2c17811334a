import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearOfSendHold, SEND_HOLD_WAIT_MS } from '../support/send-hold.js';
import { silentLogger } from '../../config/logger.js';
import { ensureIndexes } from '../../models/shared/db/database.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { OutboundMessageModel, type OutboundMessage } from '../../models/messages/outbound-message.model.js';
import { enqueueMessages, textMessage } from '../../models/messages/employee-message.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { DAY, systemClock } from '../../models/shared/clock.js';
import {
  offsetClock,
  startWecomEmulator,
  type Fault,
  type WecomEmulator,
} from '../../server/wecom/emulator/wecom-emulator.js';
import { resyncOrganisation } from '../../server/wecom/resync/org-resync.js';
import { testDatabaseUri } from '../support/database.js';
import { employeeContext } from '../support/factories.js';
import { httpCall } from '../support/http-call.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { until } from '../support/until.js';
import { testCorp, testCorpEnv, testWecomClient, wecomTestConfig } from '../support/wecom.js';

// The WeCom API goes away for 30 s while the real server process has messages to send: reclaim
// warnings and the managers' digest queued by their jobs (firing every 5 s here), and alerts already
// in the outbox. WeCom answers 5xx, then does not answer at all, then answers too late (having done
// the call, as a slow WeCom does). Afterwards each message reaches its member exactly once.

const OUTAGE_MS = 30_000;
const REPS = Array.from({ length: 8 }, (_, i) => `rep${i + 1}`);

let emulator: WecomEmulator;
let server: ServerProcess;
const never = new Date('2100-01-01T00:00:00Z');
const outage: Fault[] = [
  { api: 'gettoken', kind: '5xx', times: 0, until: never },
  { api: 'message/send', kind: '5xx', times: 0, until: never },
  { api: 'message/send', kind: 'hang', times: 0, until: never, delayMs: 15_000 },
  { api: 'message/send', kind: 'timeout', times: 0, until: never, delayMs: 12_000 },
];
const dataDir = mkdtempSync(join(tmpdir(), 'scrm-wecom-outage-'));

beforeAll(async () => {
  // Every message of the run is produced in its first two minutes (set-up, the jobs' first firing, the
  // test's own) and must be tried during the 30 s outage: keep those minutes clear of WeCom's :00/:30
  // send hold. (Retries are not held; the hold applies when a message is produced.)
  await clearOfSendHold(2);
  const uri = testDatabaseUri();
  await mongoose.connect(uri);
  await ensureIndexes();
  emulator = await startWecomEmulator({ corp: testCorp, clock: offsetClock() });
  emulator.addDepartment(1, '公司', 0);
  emulator.addDepartment(10, '销售一组', 1);
  emulator.addUser({ userid: 'mgr', name: '主管老周', department: [10], is_leader_in_dept: [1] });
  REPS.forEach((userid, i) => emulator.addUser({ userid, name: `销售${i + 1}`, department: [10] }));
  const config = wecomTestConfig(emulator.apiBase);
  await resyncOrganisation(
    { config, wecom: testWecomClient(config), clock: systemClock, log: silentLogger },
    { dryRun: false, errors: [] },
  );
  // Each rep has a customer dropping in 3 days and one dropping tomorrow: today's warnings are due.
  let n = 0;
  for (const rep of await EmployeeModel.find({ userId: { $in: REPS } }).lean()) {
    for (const idleDays of [27, 29]) {
      await createCustomer(
        { customer: { name: `停机预警${++n}号网络科技有限公司`, source: 'import' }, into: 'private' },
        employeeContext(rep, new Date(Date.now() - idleDays * DAY), config),
      );
    }
  }
  // WeCom is down from before the server starts, so nothing goes out ahead of the measured outage;
  // the test sets when each phase ends.
  for (const fault of outage) {
    emulator.injectFault(fault);
  }
  server = await startServerProcess({
    MONGODB_URI: uri,
    DATA_DIR: dataDir,
    ...testCorpEnv(emulator.apiBase),
    SESSION_SECRET: 'outage-session-secret-0123456789abcdef',
    JOB_SCHEDULES: 'reclaim-warnings=*/5 * * * * *;daily-digest=*/5 * * * * *',
  });
}, 120_000 + SEND_HOLD_WAIT_MS);

afterAll(async () => {
  await server?.kill('SIGKILL');
  await emulator?.close();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
  rmSync(dataDir, { recursive: true, force: true });
});

const contentOf = (m: Pick<OutboundMessage, 'toUserId' | 'payload'>) => {
  const payload = m.payload as Record<string, unknown> & { msgtype: string };
  return `${m.toUserId}|${JSON.stringify(payload[payload.msgtype])}`;
};

describe('WeCom API outage', () => {
  it(
    'when WeCom answers 5xx, hangs and times out for 30 s, then every queued message is delayed and then delivered exactly once, and the server stays up',
    { timeout: 240_000 },
    async () => {
      const start = Date.now();
      const at = (ms: number) => new Date(start + ms);
      // 5xx (gettoken too) for the first 10-12 s, then no answer at all, then answers too late to wait for.
      [10_000, 12_000, 22_000, OUTAGE_MS].forEach((endsAt, i) => {
        emulator.faults[i]!.until = at(endsAt);
      });
      for (let i = 0; i < 40; i++) {
        await enqueueMessages(
          [
            {
              id: `alert:outage:${i}`,
              toUserId: REPS[i % REPS.length]!,
              kind: 'alert',
              payload: textMessage(`第${i + 1}条测试提醒：客户资料待补全`),
            },
          ],
          new Date(),
        );
      }

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + OUTAGE_MS - Date.now())));
      const outageEnd = at(OUTAGE_MS);
      // The server stayed up through the outage and tried to send (not skipped): the jobs' messages are queued too.
      expect(server.child.exitCode).toBeNull();
      const tried = emulator.callsTo('message/send').filter((c) => c.at < outageEnd);
      expect(tried.length).toBeGreaterThan(0);
      const queued = await OutboundMessageModel.find({ channel: 'wecom' }).lean<OutboundMessage[]>();
      expect(queued.filter((m) => m.kind === 'warning')).toHaveLength(REPS.length);
      expect(queued.filter((m) => m.kind === 'digest').length).toBeGreaterThan(0);
      expect(queued.filter((m) => m.status === 'sent')).toEqual([]);

      await until(
        async () => (await OutboundMessageModel.countDocuments({ channel: 'wecom', status: { $ne: 'sent' } })) === 0,
        150_000,
        500,
      );
      const sent = await OutboundMessageModel.find({ channel: 'wecom' }).lean<OutboundMessage[]>();
      // Nothing new was produced by the jobs firing all along, and nothing was sent before WeCom was back.
      expect(sent.map((m) => m._id).sort()).toEqual(queued.map((m) => m._id).sort());
      expect(sent.filter((m) => m.sentAt! < outageEnd)).toEqual([]);
      expect(sent.every((m) => m.attempts >= 1)).toBe(true);

      // At WeCom, each message reached its member exactly once: no loss, no duplicate, none over the limits.
      const delivered = emulator.mailbox.delivered.map((m) => `${m.toUserId}|${JSON.stringify(m.content)}`);
      expect(delivered.sort()).toEqual(sent.map(contentOf).sort());
      expect(emulator.mailbox.dropped).toEqual([]);
      // Some sends were carried out by the slow WeCom while we had given up on the answer; the resend
      // was recognised by WeCom's duplicate check, which the client turns on for every message.
      expect(emulator.mailbox.duplicatesSuppressed).toBeGreaterThan(0);

      expect(server.child.exitCode).toBeNull();
      expect((await httpCall(`${server.url}/healthz`)).status).toBe(200);
      expect(
        server.logs.filter(
          (l) => String(l.msg).includes('stopped unexpectedly') || l.msg === 'message refused by WeCom',
        ),
      ).toEqual([]);
    },
  );
});
