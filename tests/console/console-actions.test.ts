import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileConflictCase } from '../../models/conflicts/cases/file-case.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { AuditEntryModel } from '../../models/org/audit-entry.model.js';
import { DepartmentModel } from '../../models/org/department.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { DAY } from '../../models/shared/clock.js';
import { launchBrowser, screenshot, type Browser } from '../support/browser.js';
import { seedConsoleCustomers, startConsoleApp, type ConsoleApp } from '../support/console-app.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, systemContext } from '../support/factories.js';

useTestDatabase();

// The main actions of sales ops and admins through the console's UI, in a real browser.

let app: ConsoleApp;
let browser: Browser;
beforeAll(async () => {
  app = await startConsoleApp();
  await seedConsoleCustomers(app);
  // A name a spreadsheet would run as a formula, held by a rep, with a phone.
  const wangfang = await app.employee('wangfang');
  const sneaky = await createCustomer(
    {
      customer: {
        name: '=HYPERLINK("http://evil.example","点我")有限公司',
        phones: ['13800138000'],
        industry: '@SUM(A1)',
      },
      into: 'public',
    },
    systemContext(app.app.clock.now(), app.app.deps.config),
  );
  void sneaky;
  void wangfang;
  const zhoujie = await app.employee('zhoujie');
  const held = await CustomerModel.findOne({ ownerId: wangfang._id }).lean();
  await fileConflictCase(
    { customerId: String(held!._id), kind: 'duplicate', reason: '我上周已在企微加了对方老板，是我先接触的' },
    employeeContext(zhoujie, app.app.clock.now(), app.app.deps.config),
  );
  // Three days on: the customers claimed on the first day have aged.
  app.app.clock.advance(3 * DAY);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function loginAs(userId: string) {
  await browser.context.clearCookies();
  const page = await browser.page();
  await page.goto(`${app.app.url}/console/login`);
  await page.locator(`[data-login="${userId}"]`).click();
  await page.locator('[data-test="overview"]').waitFor();
  return page;
}

describe('console actions', () => {
  it('when ops shortens a department’s drop rule, then the preview says who would drop tomorrow, and saving re-dates and audits it', async () => {
    const page = await loginAs('qianyun');
    await page.goto(`${app.app.url}/console/pool-rules`);
    await page.locator('[data-dept="3"]').click();
    await page.locator('[data-rule="dropNoFollowUpDays"] input').fill('1');
    await page.locator('[data-rule="dropNoFollowUpDays"] input').blur();
    await page.locator('[data-test="preview"]').click();
    const preview = page.locator('[data-test="preview-result"]');
    await preview.waitFor();
    // 华东SMB组 holds 4 customers claimed three days ago; the two without a grade get 1 day and are due
    // (A and B keep their own 15 and 20 days); under today's rules none is.
    expect(await preview.innerText()).toContain('明天将有 2 个客户掉保（现行规则：0 个）');
    await screenshot(page, 'pool-rules-preview');
    // A warning on or after the drop day is refused with the reason, and nothing is saved.
    await page.locator('[data-test="save"]').click();
    await expect.poll(() => page.locator('[data-test="rule-error"]').innerText()).toContain('提醒天数');
    expect((await DepartmentModel.findOne({ deptId: 3 }).lean())?.rules?.dropNoFollowUpDays).toBeUndefined();
    await page.locator('[data-test="rule-form"] input[placeholder^="继承：3,1"]').fill('0');
    await page.locator('[data-test="save"]').click();
    // Saved, the two customers' drop dates follow the new rule (the next sweep drops them).
    await expect.poll(() => page.locator('.el-message').innerText()).toContain('2 个客户的掉保日期已按新规则更新');
    expect((await DepartmentModel.findOne({ deptId: 3 }).lean())?.rules?.dropNoFollowUpDays).toBe(1);
    const team = await EmployeeModel.find({ mainDepartmentId: 3 }, { _id: 1 }).lean();
    const held = await CustomerModel.find({ ownerId: { $in: team.map((e) => e._id) }, poolState: 'private' }).lean();
    const due = held.filter((c) => c.protectedUntil && c.protectedUntil <= app.app.clock.now());
    expect(due.map((c) => c.grade)).toEqual([null, null]);
    const audit = await AuditEntryModel.findOne({ action: 'pool-rules', subject: 'department:3' }).lean();
    expect(audit?.after).toMatchObject({ rules: { dropNoFollowUpDays: 1, warningDays: [0] } });
    // The one error the browser logged is the refused save above.
    expect(page.errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await page.close();
  });

  it('when ops rules on a complaint, then both sides’ criteria and the suggestion are shown and the ruling lands in the history', async () => {
    const page = await loginAs('qianyun');
    await page.goto(`${app.app.url}/console/cases`);
    await page.locator('[data-test="case-list"] .el-table__row').first().click();
    await page.locator('[data-test="criteria"]').waitFor();
    expect(await page.locator('[data-test="criteria"]').innerText()).toContain('首次接触');
    expect(await page.locator('[data-test="suggestion"]').innerText()).toContain('建议裁决');
    await screenshot(page, 'case-detail');
    await page.locator('[data-test="ruling-form"] label', { hasText: '维持原判' }).click();
    await page.locator('[data-test="rule"]').click();
    await page.getByText('历史').click();
    await expect.poll(() => page.locator('[data-test="case-list"]').innerText()).toContain('维持原判');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('when ops uploads a GBK-encoded CSV, then the progress bar runs to the end and the result lists imported and skipped rows', async () => {
    const page = await loginAs('qianyun');
    await page.goto(`${app.app.url}/console/imports`);
    const lines = [
      '客户名称,电话,地区',
      '宁波海曙晨光文具有限公司,13900001111,浙江省宁波市',
      '杭州青禾电子商务有限公司,,浙江省杭州市',
    ];
    for (let n = 0; n < 300; n++) lines.push(`测试导入${n}号贸易有限公司,,`);
    const file = join(tmpdir(), `import-${Date.now()}.csv`);
    writeFileSync(file, iconv.encode(lines.join('\r\n'), 'gbk'));
    await page.locator('[data-test="file"]').setInputFiles(file);
    await page.locator('[data-test="import-progress"] .el-progress').waitFor();
    await page.locator('[data-test="import-result"]').waitFor({ timeout: 60_000 });
    const result = await page.locator('[data-test="import-result"]').innerText();
    expect(result).toMatch(/总行数\s*302/);
    expect(result).toMatch(/导入\s*301/);
    expect(result).toMatch(/跳过重复\s*1/);
    expect(await CustomerModel.exists({ name: '宁波海曙晨光文具有限公司' })).toBeTruthy();
    await screenshot(page, 'import-result');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('when a manager exports their customers, then the workbook opens with their rows, formulas neutralised and public phones masked', async () => {
    const page = await loginAs('zhaolei');
    await page.goto(`${app.app.url}/console/customers`);
    await page.locator('[data-test="customer-table"] .el-table__row').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export"]').click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((row) =>
      rows.push((row.values as ExcelJS.CellValue[]).slice(1).map((v) => (v == null ? '' : String(v as string)))),
    );
    expect(rows[0]).toContain('客户名称');
    const sneaky = rows.find((r) => r[0]!.includes('HYPERLINK'))!;
    expect(sneaky[0]!.startsWith("'=")).toBe(true);
    expect(sneaky.find((v) => v.includes('SUM'))).toBe("'@SUM(A1)");
    // A public customer's phone stays masked for a manager, on screen and in the file.
    expect(sneaky).toContain('138****8000');
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
    // Only the team's customers and the public pool: nothing 周杰 (KA) holds.
    expect(rows.some((r) => r.includes('周杰'))).toBe(false);
    await page.close();
  });

  it('when the admin makes a rep sales ops, then the change is audited and the rep opens the console as ops', async () => {
    const page = await loginAs('chenjing');
    await page.goto(`${app.app.url}/console/people`);
    await page.locator('[data-role-of="lihua"]').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '销售运营' }).click();
    await expect.poll(async () => (await EmployeeModel.findOne({ userId: 'lihua' }).lean())?.role).toBe('ops');
    // The role lands first, then its audit entry and the revocation of the rep's sessions, in one request.
    await expect
      .poll(async () => AuditEntryModel.findOne({ action: 'role', subject: 'employee:lihua' }).lean())
      .toMatchObject({ before: { role: 'rep' }, after: { role: 'ops' } });
    await page.goto(`${app.app.url}/console/audit`);
    await page.getByRole('tab', { name: '规则与权限变更' }).click();
    await expect.poll(() => page.locator('[data-test="settings-table"]').innerText()).toContain('employee:lihua');
    await screenshot(page, 'audit-settings');
    const lihua = await loginAs('lihua');
    expect(await lihua.locator('[data-test="whoami"]').innerText()).toContain('李华（销售运营）');
    expect(page.errors).toEqual([]);
    await page.close();
    await lihua.close();
  });

  it('when ops mark a rep away in 人员与权限, then the table shows until when, the change is audited, and ops can end it', async () => {
    const page = await loginAs('qianyun');
    await page.goto(`${app.app.url}/console/people`);
    await page.locator('[data-set-away="wangfang"]').click();
    const dialog = page.locator('.el-dialog:visible');
    await dialog.locator('.el-date-editor input').fill('2026-03-20');
    await dialog.locator('.el-date-editor input').press('Enter');
    await dialog.locator('input[data-test="away-reason"]').fill('年假');
    await dialog.locator('[data-test="away-submit"]').click();
    await expect.poll(() => page.locator('[data-away-of="wangfang"]').innerText()).toContain('休假中');
    expect(await page.locator('[data-away-of="wangfang"]').innerText()).toContain('2026/3/21 回');
    const wangfang = await EmployeeModel.findOne({ userId: 'wangfang' }).lean();
    expect(wangfang?.away).toMatchObject({ until: new Date('2026-03-20T16:00:00Z'), reason: '年假' });
    expect(await AuditEntryModel.countDocuments({ action: 'away', subject: 'employee:wangfang' })).toBe(1);
    await screenshot(page, 'people-away');
    await page.locator('[data-set-away="wangfang"]').click();
    await page.locator('.el-dialog:visible [data-test="away-back"]').click();
    await expect
      .poll(async () => (await EmployeeModel.findOne({ userId: 'wangfang' }).lean())?.away ?? null)
      .toBeNull();
    await expect.poll(() => page.locator('[data-away-of="wangfang"]').count()).toBe(0);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('when ops hand over a rep’s customers with a reason, then the new rep is told and the progress shows the reason', async () => {
    const page = await loginAs('qianyun');
    await page.goto(`${app.app.url}/console/people`);
    await page.locator('[data-handover="zhoujie"]').click();
    const dialog = page.locator('.el-dialog:visible');
    await dialog.locator('input[data-test="handover-reason"]').fill('调往华南区');
    await dialog.locator('[data-test="default-target"]').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '王芳' }).click();
    await dialog.locator('[data-test="handover-submit"]').click();
    await expect.poll(() => dialog.locator('[data-test="handover-plans"]').innerText()).toContain('调往华南区');
    expect(await dialog.locator('[data-test="handover-plans"]').innerText()).toContain('直接接手 1');
    const told = await OutboundMessageModel.find({ toUserId: 'wangfang', kind: 'handover' }).lean();
    expect(JSON.stringify(told.map((m) => m.payload as unknown))).toContain('你已接手 周杰 的客户');
    expect(JSON.stringify(told.map((m) => m.payload as unknown))).toContain('在职继承（调往华南区）');
    await screenshot(page, 'people-handover');
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
