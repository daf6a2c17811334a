import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateFlagModel } from '../../models/conflicts/duplicate-flag.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { launchBrowser, screenshot, type Browser } from '../support/browser.js';
import { seedConsoleCustomers, startConsoleApp, type ConsoleApp } from '../support/console-app.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase();

// The 导入 page's review of 疑似重复 pairs in a real browser: ops import a file with a typo of a company a
// rep holds, see the pair flagged, and merge it; the rep keeps the company, the typo becomes a tombstone.

let app: ConsoleApp;
let browser: Browser;
beforeAll(async () => {
  app = await startConsoleApp();
  await seedConsoleCustomers(app);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('console duplicate review', () => {
  it('when ops merge a flagged pair, then the typo becomes a tombstone of the held company and the counters stay true', async () => {
    const page = await browser.page();
    await page.goto(`${app.app.url}/console/login`);
    await page.locator('[data-login="qianyun"]').click();
    await page.locator('[data-test="overview"]').waitFor();
    await page.goto(`${app.app.url}/console/imports`);
    const file = join(tmpdir(), `dup-${Date.now()}.csv`);
    writeFileSync(file, '客户名称,电话\n上海云衫信息技术有限公司,13900003333\n宁波鼓楼文具有限公司,\n');
    await page.locator('[data-test="file"]').setInputFiles(file);
    await page.locator('[data-test="import-flagged"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-test="import-result"]').innerText()).toMatch(/疑似重复\s*1/);

    const held = (await CustomerModel.findOne({ name: '上海云杉信息技术有限公司' }).lean())!;
    const owner = (await EmployeeModel.findById(held.ownerId).lean())!;
    const row = page.locator('[data-test="duplicate-table"] .el-table__row', { hasText: '上海云衫信息技术有限公司' });
    await row.waitFor();
    expect(await row.innerText()).toContain(`上海云杉信息技术有限公司（私海 · ${owner.name}）`);
    await screenshot(page, 'duplicate-review');
    await row.locator('[data-test="merge"]').click();
    const dialog = page.locator('.el-dialog', { hasText: '合并疑似重复客户' });
    await dialog.locator('label', { hasText: '上海云杉信息技术有限公司' }).click();
    await screenshot(page, 'duplicate-merge-dialog');
    await dialog.locator('[data-test="merge-submit"]').click();
    await expect.poll(() => page.locator('.el-message').innerText()).toContain('已合并');
    await expect.poll(() => page.locator('[data-test="duplicate-table"]').innerText()).not.toContain('云衫');

    const typo = (await CustomerModel.findOne({ name: '上海云衫信息技术有限公司' }).lean())!;
    expect(typo).toMatchObject({ poolState: 'merged', mergedInto: held._id });
    const survivor = (await CustomerModel.findById(held._id).lean())!;
    expect(survivor).toMatchObject({ poolState: 'private', ownerId: owner._id });
    expect(survivor.phones).toContain('13900003333');
    const ops = (await EmployeeModel.findOne({ userId: 'qianyun' }).lean())!;
    // The survivor's own merge entry, and the copy of the tombstone's that came with its history.
    const merges = await LedgerEntryModel.find({ customerId: held._id, action: 'merge', actorId: ops._id }).lean();
    expect(merges.map((e) => e.reason)).toHaveLength(2);
    expect(merges.map((e) => e.reason)).toEqual(
      expect.arrayContaining(['合并到“上海云杉信息技术有限公司”', '合并了“上海云衫信息技术有限公司”']),
    );
    const after = (await EmployeeModel.findById(owner._id).lean())!;
    expect(after.privateCount).toBe(await CustomerModel.countDocuments({ ownerId: owner._id, poolState: 'private' }));
    expect((await DuplicateFlagModel.findOne({ customerId: typo._id }).lean())?.status).toBe('merged');
    await page.locator('[data-test="duplicate-review"] label', { hasText: '已合并' }).click();
    await expect.poll(() => page.locator('[data-test="duplicate-table"]').innerText()).toContain('云衫');
    await screenshot(page, 'duplicate-merged');
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
