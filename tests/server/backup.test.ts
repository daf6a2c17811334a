import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { FollowUpModel } from '../../models/follow-ups/follow-up.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';
import { issueSessionToken } from '../../server/auth/session.js';
import { employeeContext, makeEmployee, makePublicCustomers, testConfig } from '../support/factories.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

// `npm run cli -- backup` while the server runs and writes, then `restore` into a fresh DATA_DIR: every
// customer, ledger entry and follow-up that existed when the backup started is there, and nothing in
// the restored database points at a customer it lacks.

const SESSION_SECRET = 'backup-session-secret-0123456789abcdef';
const sourceDir = mkdtempSync(join(tmpdir(), 'scrm-backup-a-'));
const targetDir = mkdtempSync(join(tmpdir(), 'scrm-backup-b-'));
const file = join(tmpdir(), `scrm-backup-${process.pid}.jsonl.gz`);
let server: ServerProcess | undefined;
let restoredDb: LocalMongo | undefined;
afterAll(async () => {
  await mongoose.disconnect();
  await server?.kill();
  await restoredDb?.stop();
  for (const path of [sourceDir, targetDir, file]) {
    rmSync(path, { recursive: true, force: true });
  }
});

function cli(args: string[], dataDir: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, LOG_LEVEL: 'silent', SESSION_SECRET },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (status) => resolve({ status, stdout, stderr })));
}

async function ids(model: mongoose.Model<never>, connection = mongoose.connection): Promise<Set<string>> {
  const docs = await connection
    .collection(model.collection.name)
    .find({}, { projection: { _id: 1 } })
    .toArray();
  return new Set(docs.map((d) => String(d._id)));
}

describe('backup and restore', () => {
  it(
    'when a backup is taken while the server writes and restored into a fresh DATA_DIR, then every customer, ledger entry and follow-up is there',
    { timeout: 300_000 },
    async () => {
      server = await startServerProcess(
        {
          DATA_DIR: sourceDir,
          WECOM_CORP_ID: 'wwbackup0001',
          WECOM_SECRET: 'backup-secret',
          WECOM_AGENT_ID: '1000002',
          WECOM_TOKEN: 'BackupToken',
          WECOM_AES_KEY: 'YmFja3Vwa2V5YmFja3Vwa2V5YmFja3Vwa2V5YmFja3U',
          WECOM_API_BASE: 'http://127.0.0.1:9/cgi-bin',
          SESSION_SECRET,
          JOB_SCHEDULES: 'drop-sweep=off;counter-reconcile=off',
        },
        150_000,
      );
      const { port } = JSON.parse(readFileSync(join(sourceDir, 'db', 'server.json'), 'utf8')) as { port: number };
      await mongoose.connect(`mongodb://127.0.0.1:${port}/scrm`);
      const now = new Date();
      const rep = await makeEmployee({ name: '备份测试销售' });
      const customers = await makePublicCustomers(40, now);
      for (const customer of customers.slice(0, 10)) {
        await claimCustomer({ customerId: customer._id }, employeeContext(rep, now, testConfig()));
      }
      const token = issueSessionToken(SESSION_SECRET, rep._id, now);
      const followUp = (id: unknown, i: number) =>
        fetch(`${server!.url}/api/customers/${String(id)}/follow-ups`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            content: `第${i}次电话沟通：和陈总确认了预算和上线时间，下周二上门演示`,
            contactName: '陈总',
          }),
        });
      for (let i = 0; i < 10; i++) {
        expect((await followUp(customers[i]!._id, i)).status).toBe(201);
      }
      const before = {
        customers: await ids(CustomerModel as never),
        ledger: await ids(LedgerEntryModel as never),
        followUps: await ids(FollowUpModel as never),
      };

      // The server keeps taking follow-ups while the backup runs.
      let writing = true;
      const writer = (async () => {
        for (let i = 100; writing; i++) {
          await followUp(customers[i % 10]!._id, i);
        }
      })();
      const backup = await cli(['backup', file], sourceDir);
      writing = false;
      await writer;
      expect(backup.status, backup.stderr).toBe(0);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const manifest = JSON.parse(backup.stdout) as { collections: { name: string; documents: number }[] };
      expect(manifest.collections.find((c) => c.name === 'customers')?.documents).toBe(40);

      const restore = await cli(['restore', file], targetDir);
      expect(restore.status, restore.stderr).toBe(0);
      // Restoring twice into the same database is refused: it is not empty any more.
      expect((await cli(['restore', file], targetDir)).status).not.toBe(0);

      restoredDb = await startLocalMongo({ storage: join(targetDir, 'db', 'scrm.h2') });
      const restored = await mongoose.createConnection(`${restoredDb.uri}/scrm`).asPromise();
      try {
        const after = {
          customers: await ids(CustomerModel as never, restored),
          ledger: await ids(LedgerEntryModel as never, restored),
          followUps: await ids(FollowUpModel as never, restored),
        };
        for (const key of ['customers', 'ledger', 'followUps'] as const) {
          expect(
            [...before[key]].filter((id) => !after[key].has(id)),
            key,
          ).toEqual([]);
        }
        const referenced = await restored
          .collection(FollowUpModel.collection.name)
          .distinct('customerId')
          .then((list) => list.map(String));
        expect(referenced.filter((id) => !after.customers.has(id))).toEqual([]);
        const owned = await restored.collection('employees').findOne({ _id: rep._id });
        expect(owned?.privateCount).toBe(10);
      } finally {
        await restored.close();
      }
    },
  );
});
