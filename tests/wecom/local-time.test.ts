import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { DAY, HOUR } from '../../models/shared/clock.js';
import { sharedLocalClock } from '../../models/shared/local-clock.js';
import { runningEmulatorUrl } from '../../server/wecom/local-mode.js';
import { runCli } from '../support/cli-process.js';
import { useTestDatabase } from '../support/database.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { until } from '../support/until.js';
import { wecomTestConfig } from '../support/wecom.js';

// Time travel in local mode: `demo advance` and `job --at` move server, jobs and emulator together.

const db = useTestDatabase();
const dataDir = mkdtempSync(join(tmpdir(), 'scrm-local-time-'));
let server: ServerProcess | undefined;
// Local mode on a test database it creates and marks (the demo switch).
const env = () => ({ MONGODB_URI: db.uri(), LOCAL_DEMO_MONGODB: 'true', DATA_DIR: dataDir });
const localNow = async () => (await sharedLocalClock()).now();

beforeAll(async () => {
  // The server runs with a capacity of 3; the CLI below is started without it.
  server = await startServerProcess({ ...env(), POOL_CAPACITY: '3', JOB_SCHEDULES: 'drop-sweep=off' });
  await until(async () => (await EmployeeModel.countDocuments({ userId: 'wangfang' })) === 1, 30_000);
}, 90_000);
afterAll(async () => {
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

type Delivered = { delivered: { toUserId: string; content: unknown }[] };
const contentsTo = (userId: string, { delivered }: Delivered) =>
  delivered.filter((m) => m.toUserId === userId).map((m) => JSON.stringify(m.content));

async function demoMessagesTo(userId: string): Promise<string[]> {
  const result = await runCli(env(), 'demo', 'messages');
  return contentsTo(userId, JSON.parse(result.stdout) as Delivered);
}

/** Waits (polling the emulator, not a CLI start per poll) until a message to the rep contains the text, then shows it with `demo messages`. */
async function untilDemoMessage(userId: string, text: string): Promise<void> {
  const url = runningEmulatorUrl({ dataDir })!;
  const delivered = async () =>
    contentsTo(userId, (await (await fetch(`${url}/_emulator/messages`)).json()) as Delivered);
  await until(async () => (await delivered()).some((m) => m.includes(text)), 30_000);
  expect((await demoMessagesTo(userId)).some((m) => m.includes(text))).toBe(true);
}

describe('time in local mode', { timeout: 120_000 }, () => {
  it('when 25 hours pass with `demo advance 25`, then a contact added afterwards is accepted and becomes a lead', async () => {
    const before = await localNow();
    const advanced = await runCli(env(), 'demo', 'advance', '25');
    expect(advanced.code, advanced.stderr).toBe(0);
    const after = await localNow();
    expect(after.getTime() - before.getTime()).toBeGreaterThanOrEqual(25 * HOUR);

    const added = await runCli(env(), 'demo', 'add-contact', '--user', 'wangfang', '--company', '杭州穿越软件有限公司');
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ delivery: { status: 200 } });
    await until(async () => (await CustomerModel.countDocuments({ name: '杭州穿越软件有限公司' })) === 1, 30_000);
    const customer = await CustomerModel.findOne({ name: '杭州穿越软件有限公司' }).lean();
    expect(customer?.poolState).toBe('private');
    // The lead is dated on the shared clock, a day ahead of the system time.
    expect(customer!.claimedAt!.getTime()).toBeGreaterThan(Date.now() + 24 * HOUR);
    // The contact is linked to the new customer right after it is created, by the same event.
    await until(async () => (await ContactModel.countDocuments({ customerId: customer!._id })) === 1, 30_000);
  });

  it('when a job is run --at a future time, then the whole local system moves there and its messages reach the rep now', async () => {
    const customer = await CustomerModel.findOne({ name: '杭州穿越软件有限公司' }).lean();
    const protectedUntil = customer!.protectedUntil!;
    // Not on :00 or :30, which WeCom asks senders to avoid (messages there wait a few minutes).
    const warnAt = new Date(protectedUntil.getTime() - 2 * DAY - 3 * HOUR + 7 * 60_000);
    const warned = await runCli(env(), 'job', 'reclaim-warnings', '--at', warnAt.toISOString());
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr).toContain('moved forward');
    expect((await localNow()).getTime()).toBeGreaterThanOrEqual(warnAt.getTime());
    const pending = await OutboundMessageModel.find({ kind: 'warning', toUserId: 'wangfang' }).lean();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.nextAttemptAt.getTime()).toBeLessThanOrEqual((await localNow()).getTime());
    await untilDemoMessage('wangfang', '掉保预警');

    const dropAt = new Date(protectedUntil.getTime() + HOUR);
    const dropped = await runCli(env(), 'job', 'drop-sweep', '--at', dropAt.toISOString());
    expect(JSON.parse(dropped.stdout)).toMatchObject({ dropped: 1 });
    const entries = await LedgerEntryModel.find({ customerId: customer!._id }).lean();
    const now = await localNow();
    expect(entries.every((e) => e.at.getTime() <= now.getTime())).toBe(true);
    await untilDemoMessage('wangfang', '退回公海');
  });

  it('when a CLI job runs without the server environment, then it applies the settings the server put in force', async () => {
    const digest = await runCli(env(), 'job', 'daily-digest');
    expect(digest.code, digest.stderr).toBe(0);
    const messages = await OutboundMessageModel.find({ kind: 'digest' }).lean();
    const text = JSON.stringify(messages.map((m): unknown => m.payload));
    expect(text).toMatch(/库容[^/]*\/3/);
    expect(text).not.toContain('/50');
  });

  it('when a job is run --at a future time against a real corp, then it is refused and nothing is queued', async () => {
    const config = wecomTestConfig('http://127.0.0.1:9');
    const future = new Date(Date.now() + 30 * DAY).toISOString();
    const result = await runCli(
      {
        MONGODB_URI: db.uri(),
        WECOM_CORP_ID: config.wecom!.corpId,
        WECOM_SECRET: config.wecom!.secret,
        WECOM_AGENT_ID: String(config.wecom!.agentId),
        WECOM_TOKEN: config.wecom!.token,
        WECOM_AES_KEY: config.wecom!.aesKey,
        WECOM_API_BASE: 'http://127.0.0.1:9',
        SESSION_SECRET: 'test-session-secret-0123456789abcdef',
      },
      'job',
      'reclaim-warnings',
      '--at',
      future,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is in the future');
  });

  it('when the server restarts, then the messages the reps were sent and the moved clock are still there', async () => {
    const before = await localNow();
    await server!.kill();
    server = await startServerProcess({ ...env(), POOL_CAPACITY: '3', JOB_SCHEDULES: 'drop-sweep=off' });
    expect((await demoMessagesTo('wangfang')).some((m) => m.includes('掉保预警'))).toBe(true);
    expect((await localNow()).getTime()).toBeGreaterThanOrEqual(before.getTime());
  });

  it('when a newcomer runs `demo corp`, then each team shows who leads it and each member their role', async () => {
    const result = await runCli(env(), 'demo', 'corp');
    expect(result.code, result.stderr).toBe(0);
    const corp = JSON.parse(result.stdout) as {
      teams: { name: string; leaders: string[] }[];
      members: { userid: string; role: string; teams: string[] }[];
    };
    expect(corp.teams.find((t) => t.name === '华东SMB组')?.leaders).toEqual(['赵磊（zhaolei）']);
    expect(corp.members.find((m) => m.userid === 'zhaolei')).toMatchObject({ role: '主管', teams: ['华东SMB组'] });
    expect(corp.members.find((m) => m.userid === 'wangfang')?.role).toBe('销售');
    expect(corp.members.find((m) => m.userid === 'qianyun')?.role).toBe('销售运营');
  });

  it('when a rep resigns in the demo corp, then the server records the resignation (离职继承 can start)', async () => {
    const result = await runCli(env(), 'demo', 'resign', 'lihua');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ userId: 'lihua', delivery: { status: 200 } });
    await until(async () => (await EmployeeModel.findOne({ userId: 'lihua' }).lean())?.status === 'resigned', 30_000);
  });

  it('when days pass with `demo advance 2d`, then the local clock moves 48 hours', async () => {
    const before = await localNow();
    const result = await runCli(env(), 'demo', 'advance', '2d');
    expect(result.code, result.stderr).toBe(0);
    expect((await localNow()).getTime() - before.getTime()).toBeGreaterThanOrEqual(48 * HOUR);
  });
});
