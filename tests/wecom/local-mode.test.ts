import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { useTestDatabase } from '../support/database.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

const db = useTestDatabase();
const dataDir = mkdtempSync(join(tmpdir(), 'scrm-local-'));
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

async function until<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error('condition not reached in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('local mode (本地模式)', () => {
  it(
    'when a newcomer starts the server without WeCom credentials and runs the demo command, then they watch a contact arrive as a lead',
    { timeout: 120_000 },
    async () => {
      server = await startServerProcess({ MONGODB_URI: db.uri(), DATA_DIR: dataDir, LOCAL_DEMO_MONGODB: 'true' });
      expect(server.logs.some((l) => l.msg === 'WeCom emulator started (local mode)')).toBe(true);
      // The demo corp's people became employees at start-up.
      await until(() => EmployeeModel.findOne({ userId: 'wangfang' }).lean());

      const cli = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'server/cli.ts',
          'demo',
          'add-contact',
          '--user',
          'wangfang',
          '--company',
          '杭州演示软件有限公司',
          '--name',
          '陈总',
        ],
        {
          env: { PATH: process.env.PATH, MONGODB_URI: db.uri(), DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(cli.status, cli.stderr).toBe(0);
      expect(JSON.parse(cli.stdout)).toMatchObject({
        userId: 'wangfang',
        corpName: '杭州演示软件有限公司',
        delivery: { status: 200 },
      });

      const contact = await until(() => ContactModel.findOne({ name: '陈总', customerId: { $ne: null } }).lean());
      const customer = await CustomerModel.findById(contact.customerId).lean();
      const rep = await EmployeeModel.findOne({ userId: 'wangfang' }).lean();
      expect(customer).toMatchObject({
        name: '杭州演示软件有限公司',
        source: 'wecom',
        sourceDetail: 'demo',
        poolState: 'private',
      });
      expect(String(customer!.ownerId)).toBe(String(rep!._id));
    },
  );
});
