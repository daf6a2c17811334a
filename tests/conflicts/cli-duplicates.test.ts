import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import type { Employee } from '../../models/org/employee.model.js';
import { runCli } from '../support/cli-process.js';
import { useTestDatabase } from '../support/database.js';
import { makeEmployee, makePublicCustomer } from '../support/factories.js';

// The review of 疑似重复 pairs from a terminal, as an operator runs it: `npm run cli -- import` flags a
// typo, then `duplicates list|merge|keep` decide, as a named ops member, in their own processes.

const db = useTestDatabase();
const now = new Date('2026-03-02T02:00:00Z');
let dir = '';
let ops: Employee;
const cli = (...args: string[]) => runCli({ MONGODB_URI: db.uri() }, ...args);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scrm-dup-'));
  ops = await makeEmployee({ role: 'ops', userId: 'ops-zhou', name: '运营小周' });
  await makeEmployee({ userId: 'rep-li', name: '李四' });
  await makePublicCustomer(now, { name: '北京星海跳动科技有限公司', phones: ['13900002222'] });
  await makePublicCustomer(now, { name: '上海云杉信息技术有限公司' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Listed {
  total: number;
  flags: { id: string; customer: { id: string; name: string }; candidate: { id: string; name: string } }[];
}

describe('npm run cli -- duplicates', () => {
  it(
    'when an import flags typos, then ops list them, merge one as a named member and keep the other apart; nobody else may',
    { timeout: 180_000 },
    async () => {
      const file = join(dir, 'customers.csv');
      writeFileSync(file, '客户名称,电话\n星海条动有限公司,13800001111\n云衫信息技术有限公司,\n');
      const imported = await cli('import', file);
      expect(imported.stdout).toContain('疑似重复已导入并标记 2 行');

      const listed = JSON.parse((await cli('duplicates', 'list', '--json')).stdout) as Listed;
      expect(listed.total).toBe(2);
      const typo = listed.flags.find((f) => f.customer.name === '星海条动有限公司')!;
      const other = listed.flags.find((f) => f.customer.name === '云衫信息技术有限公司')!;

      const anonymous = await cli('duplicates', 'merge', typo.id);
      expect(anonymous.code).toBe(2);
      expect(anonymous.stderr).toContain('--as');
      const byRep = await cli('duplicates', 'merge', typo.id, '--as', 'rep-li');
      expect(byRep.code).toBe(1);
      expect(byRep.stderr).toMatch(/FORBIDDEN: .*销售运营/);
      expect((await CustomerModel.findById(typo.customer.id).lean())?.poolState).toBe('public');

      const merged = await cli('duplicates', 'merge', typo.id, '--as', 'ops-zhou');
      expect(merged.code, merged.stderr).toBe(0);
      expect(merged.stdout).toContain(`已合并：${typo.customer.id} → ${typo.candidate.id}`);
      expect(await CustomerModel.findById(typo.customer.id).lean()).toMatchObject({ poolState: 'merged' });
      const entry = await LedgerEntryModel.findOne({ customerId: typo.candidate.id, action: 'merge' }).lean();
      expect(entry).toMatchObject({ actorId: ops._id });

      const kept = await cli('duplicates', 'keep', other.id, '--as', 'ops-zhou');
      expect(kept.code, kept.stderr).toBe(0);
      expect((await cli('duplicates', 'list')).stdout).toContain('共 0 对');
      expect((await cli('duplicates', 'list', '--status', 'kept')).stdout).toContain('云衫信息技术有限公司');
      const again = await cli('duplicates', 'merge', other.id, '--as', 'ops-zhou');
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('保留两者');
    },
  );

  it(
    'when ops merge two customers nobody flagged, then merge-customers needs a reason and a named ops member, and the survivor keeps both',
    { timeout: 120_000 },
    async () => {
      const survivor = await makePublicCustomer(now, { name: '深圳蓝莓优选电子商务有限公司', phones: ['13900003333'] });
      const absorbed = await makePublicCustomer(now, { name: '蓝莓严选商城', phones: ['13900004444'] });
      const args = ['duplicates', 'merge-customers', String(absorbed._id), '--into', String(survivor._id)];

      const noReason = await cli(...args, '--as', 'ops-zhou');
      expect(noReason.code).toBe(1);
      expect(noReason.stderr).toMatch(/VALIDATION_FAILED: .*合并原因/);
      const byRep = await cli(...args, '--reason', '同一家公司', '--as', 'rep-li');
      expect(byRep.code).toBe(1);
      expect(byRep.stderr).toMatch(/FORBIDDEN: .*销售运营/);
      expect((await CustomerModel.findById(absorbed._id).lean())?.poolState).toBe('public');

      const merged = await cli(...args, '--reason', '同一家公司，商城是它的店名', '--as', 'ops-zhou');
      expect(merged.code, merged.stderr).toBe(0);
      expect(merged.stdout).toContain(`已合并：${String(absorbed._id)} → ${String(survivor._id)}`);
      expect(await CustomerModel.findById(absorbed._id).lean()).toMatchObject({ poolState: 'merged' });
      expect((await CustomerModel.findById(survivor._id).lean())?.phones).toEqual(['13900003333', '13900004444']);
      const entry = await LedgerEntryModel.findOne({ customerId: survivor._id, action: 'merge' }).lean();
      expect(entry).toMatchObject({ actorId: ops._id });
    },
  );
});
