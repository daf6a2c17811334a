import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { openOpportunity } from '../../models/customers/use-cases/opportunities.js';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { AuditEntryModel } from '../../models/org/audit-entry.model.js';
import { CompanySettingsModel, COMPANY_SETTINGS_ID } from '../../models/org/company-settings.model.js';
import { DepartmentModel } from '../../models/org/department.model.js';
import { launchBrowser, screenshot, type Browser } from '../support/browser.js';
import { seedConsoleCustomers, startConsoleApp, type ConsoleApp } from '../support/console-app.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext } from '../support/factories.js';

useTestDatabase();

// The 客户 page's actions and the 公海规则 page's assignment rules, through the console's UI in a real
// browser: 分配/转交 of selected customers, 锁定/解锁 within the team's maximum, the deals of a customer,
// and the automatic assignment of new leads. Seeded: 王芳 holds 青禾 and 星河, 李华 云杉 and 恒远 (华东SMB组,
// led by 赵磊), 周杰 蓝海 (大客户KA组); 锦程, 南粤 and 楚天 are public.

let app: ConsoleApp;
let browser: Browser;
const idOf = async (prefix: string) =>
  String((await CustomerModel.findOne({ name: new RegExp(`^${prefix}`) }, { _id: 1 }).lean())!._id);
const row = (page: Page, prefix: string) =>
  page.locator('[data-test="customer-table"] .el-table__row', { hasText: prefix });

beforeAll(async () => {
  app = await startConsoleApp();
  await seedConsoleCustomers(app);
  const wangfang = await app.employee('wangfang');
  await openOpportunity(
    {
      customerId: await idOf('北京星河'),
      opportunity: { name: '全员培训年度采购', amount: 180000, expectedCloseOn: '2026-04-15', nextStep: '周五报价' },
    },
    employeeContext(wangfang, app.app.clock.now(), app.app.deps.config),
  );
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
  page.setDefaultTimeout(30_000);
  return page;
}

/** Picks an option of the open select, then waits for its dropdown to be gone (the next one opens clean). */
async function choose(page: Page, text: string) {
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).click();
  await expect.poll(() => page.locator('.el-select-dropdown:visible').count()).toBe(0);
}

async function customersPage(userId: string) {
  const page = await loginAs(userId);
  await page.goto(`${app.app.url}/console/customers`);
  await page.locator('[data-test="customer-table"] .el-table__row').first().waitFor();
  return page;
}

describe('console customer actions', () => {
  it('when ops filter the customers by 等级 and then by 团队, then only the customers of both are listed', async () => {
    const page = await customersPage('qianyun');
    const names = async () =>
      (await page.locator('[data-test="customer-table"] .el-table__row td:nth-child(2)').allInnerTexts()).sort();
    await page.locator('[data-filter="grade"]').click();
    await choose(page, 'B 类');
    await page.locator('[data-test="apply"]').click();
    await expect.poll(names).toEqual(['上海云杉信息技术有限公司', '深圳市蓝海智造科技有限公司']);
    await page.locator('[data-filter="departmentId"]').click();
    await choose(page, '华东SMB组');
    await page.locator('[data-test="apply"]').click();
    await expect.poll(names).toEqual(['上海云杉信息技术有限公司']);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('when ops reassigns three selected customers to 李华, then two move with a ledger entry each and the one 李华 already holds is refused in Chinese', async () => {
    const page = await customersPage('qianyun');
    for (const name of ['杭州青禾', '广州南粤', '上海云杉']) await row(page, name).locator('.el-checkbox').click();
    await page.locator('[data-test="reassign-selected"]').click();
    const dialog = page.locator('[data-test="reassign-dialog"]');
    await dialog.locator('[data-test="reassign-target"]').click();
    await choose(page, '李华');
    await dialog.locator('input[data-test="reassign-reason"]').fill('王芳调岗，客户集中跟进');
    await page.locator('[data-test="reassign-submit"]').click();
    await expect
      .poll(() => dialog.locator('[data-test="reassign-done"]').innerText())
      .toContain('已分配 2 个客户给 李华');
    expect(await dialog.locator('[data-test="reassign-refused"]').innerText()).toBe(
      '上海云杉信息技术有限公司：该客户已在 李华 名下',
    );
    await screenshot(page, 'customers-reassign');
    const lihua = await app.employee('lihua');
    for (const [name, action] of [
      ['杭州青禾', 'transfer'],
      ['广州南粤', 'assign'],
    ] as const) {
      const customer = (await CustomerModel.findById(await idOf(name)).lean())!;
      expect([customer.poolState, String(customer.ownerId)]).toEqual(['private', String(lihua._id)]);
      const entry = await LedgerEntryModel.findOne({ customerId: customer._id }).sort({ at: -1, _id: -1 }).lean();
      expect(entry).toMatchObject({ action, reason: '王芳调岗，客户集中跟进' });
    }
    // Both sides are told; the table shows the new holder once the dialog closes.
    expect(await OutboundMessageModel.countDocuments({ toUserId: 'lihua', kind: 'reassign' })).toBe(1);
    expect(await OutboundMessageModel.countDocuments({ toUserId: 'wangfang', kind: 'reassign' })).toBe(1);
    await page.locator('.el-dialog:visible .el-dialog__footer button', { hasText: '完成' }).click();
    await expect.poll(() => row(page, '杭州青禾').locator('[data-owner]').innerText()).toBe('李华');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("when a manager opens 分配, then only their teams' customers can be picked and only their team's people receive", async () => {
    const page = await customersPage('zhaolei');
    // The public pool and another team's customers are listed for the manager but offer no 分配.
    for (const name of ['武汉楚天', '成都锦程']) {
      await row(page, name).waitFor();
      expect(await row(page, name).locator('.el-checkbox.is-disabled').count()).toBe(1);
      expect(await row(page, name).locator('[data-reassign]').count()).toBe(0);
    }
    expect(await row(page, '深圳市蓝海').count()).toBe(0);
    await row(page, '苏州恒远').locator('[data-reassign]').click();
    await page.locator('[data-test="reassign-target"]').click();
    const options = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
    await expect.poll(() => options.count()).toBe(2);
    const offered = await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').allInnerTexts();
    expect(offered.map((o) => o.replace(/（.*$/, '')).sort()).toEqual(['王芳', '赵磊'].sort());
    await page.waitForTimeout(400); // the dropdown's fade-in, for the screenshot
    await screenshot(page, 'customers-reassign-manager');
    // Whatever the page shows, the server refuses a move across teams.
    const zhoujie = await app.employee('zhoujie');
    const refused = await page.evaluate(
      async ([customerId, to]) => {
        const token = (await (await fetch('/api/console/session')).json()) as { session: { csrfToken: string } };
        const res = await fetch('/api/customers/reassign', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': token.session.csrfToken },
          body: JSON.stringify({ customerIds: [customerId], toEmployeeId: to }),
        });
        return [res.status, ((await res.json()) as { error: { message: string } }).error.message];
      },
      [await idOf('苏州恒远'), String(zhoujie._id)],
    );
    expect(refused).toEqual([403, '只有该团队的主管或销售运营可以这样操作']);
    expect(page.errors.filter((e) => !e.includes('403'))).toEqual([]);
    await page.close();
  });

  it('when ops caps 华东SMB组 at one locked customer, then its manager locks one through the UI, the second is refused in Chinese, and unlocking restores the drop date', async () => {
    const ops = await loginAs('qianyun');
    await ops.goto(`${app.app.url}/console/pool-rules`);
    await ops.locator('[data-dept="3"]').click();
    await ops.locator('[data-rule="maxLockedPerTeam"] input').fill('1');
    await ops.locator('[data-rule="followUpEscalationDays"] input').fill('0');
    await ops.locator('[data-test="save"]').click();
    // Out of range: refused with the rule's name, nothing stored.
    await expect
      .poll(() => ops.locator('[data-test="rule-error"]').innerText())
      .toContain('逾期跟进上报天数不能小于 1');
    expect((await DepartmentModel.findOne({ deptId: 3 }).lean())?.rules?.maxLockedPerTeam).toBeUndefined();
    await ops.locator('[data-rule="followUpEscalationDays"] input').fill('2');
    await ops.locator('[data-test="save"]').click();
    await expect
      .poll(async () => (await DepartmentModel.findOne({ deptId: 3 }).lean())?.rules)
      .toMatchObject({
        maxLockedPerTeam: 1,
        followUpEscalationDays: 2,
      });
    // Audited like every rule change (written once the governed customers are re-dated).
    await expect
      .poll(
        async () =>
          (await AuditEntryModel.findOne({ action: 'pool-rules', subject: 'department:3' }).lean())?.after as unknown,
      )
      .toMatchObject({ rules: { maxLockedPerTeam: 1, followUpEscalationDays: 2 } });
    expect(ops.errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await ops.close();

    const page = await customersPage('zhaolei');
    const xinghe = await idOf('北京星河');
    const before = (await CustomerModel.findById(xinghe).lean())!.protectedUntil;
    await row(page, '北京星河').locator('[data-lock]').click();
    const dialog = page.locator('[data-test="lock-dialog"]');
    await page.locator('.el-dialog:visible [data-test="lock-submit"]').click();
    await expect.poll(() => dialog.locator('[data-test="lock-error"]').innerText()).toContain('请填写锁定原因');
    await dialog.locator('input[data-test="lock-reason"]').fill('月底签约，重点保护');
    await page.locator('.el-dialog:visible [data-test="lock-submit"]').click();
    await expect.poll(() => row(page, '北京星河').innerText()).toContain('已锁定');
    expect(await CustomerModel.findById(xinghe).lean()).toMatchObject({ locked: true, protectedUntil: null });
    const told = await OutboundMessageModel.find({ toUserId: 'wangfang', kind: 'lock' }).lean();
    expect(JSON.stringify(told.map((m) => m.payload as unknown))).toContain('月底签约，重点保护');
    // The team is at its maximum of one: the next lock is refused with the count, nothing changed.
    await row(page, '苏州恒远').locator('[data-lock]').click();
    await dialog.locator('input[data-test="lock-reason"]').fill('大单跟进中');
    await page.locator('.el-dialog:visible [data-test="lock-submit"]').click();
    await expect
      .poll(() => dialog.locator('[data-test="lock-error"]').innerText())
      .toBe('本团队锁定客户已达上限（1/1），请先解锁一个');
    await screenshot(page, 'customers-lock-limit');
    expect((await CustomerModel.findById(await idOf('苏州恒远')).lean())?.locked).toBe(false);
    await page.locator('.el-dialog:visible .el-dialog__footer button', { hasText: '取消' }).click();
    // Unlocked from the detail drawer: the drop date is computed again.
    await page.getByText('北京星河教育咨询有限公司').click();
    await page.locator('[data-test="customer-drawer"] [data-action="unlock"]').click();
    await page.locator('.el-dialog:visible [data-test="lock-submit"]').click();
    await expect.poll(async () => (await CustomerModel.findById(xinghe).lean())?.locked).toBe(false);
    const after = (await CustomerModel.findById(xinghe).lean())!.protectedUntil;
    expect(after!.getTime()).toBeGreaterThanOrEqual(before!.getTime());
    await expect.poll(() => page.locator('[data-test="customer-drawer"] [data-action="lock"]').count()).toBe(1);
    const ledger = await LedgerEntryModel.find({ customerId: xinghe }).sort({ at: -1, _id: -1 }).lean();
    expect(ledger.slice(0, 2).map((l) => l.action)).toEqual(['unlock', 'lock']);
    expect(page.errors.filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
    await page.close();
  });

  it('when a manager opens a customer with a deal, then the 商机 tab lists it with stage, amount and next step', async () => {
    const page = await customersPage('zhaolei');
    await page.getByText('北京星河教育咨询有限公司').click();
    const drawer = page.locator('[data-test="customer-drawer"]');
    await drawer.getByRole('tab', { name: /商机/ }).click();
    const deals = drawer.locator('[data-test="deal-table"]');
    await expect.poll(() => deals.innerText()).toContain('全员培训年度采购');
    const text = await deals.innerText();
    expect(text).toContain('¥180,000');
    expect(text).toContain('2026-04-15');
    expect(text).toContain('周五报价');
    expect(await drawer.getByRole('tab', { name: /商机/ }).innerText()).toBe('商机（1）');
    await page.waitForTimeout(400);
    await screenshot(page, 'customer-deals');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('when ops sets 华东SMB组 to weighted assignment and makes it the lead department, then both are stored and audited', async () => {
    const page = await loginAs('qianyun');
    await page.goto(`${app.app.url}/console/pool-rules`);
    await page.locator('[data-dept="3"]').click();
    const card = page.locator('[data-test="auto-assign"]');
    await card.locator('[data-test="assign-mode"] label', { hasText: '按权重' }).click();
    await card.locator('[data-test="daily-cap"] input').fill('8');
    await card.locator('[data-test="add-member"]').click();
    await card.locator('[data-member="0"] .el-select').click();
    await choose(page, '王芳');
    await card.locator('[data-member="0"] .el-input-number input').fill('3');
    await card.locator('[data-test="add-member"]').click();
    await card.locator('[data-member="1"] .el-select').click();
    await choose(page, '李华');
    await card.locator('input[data-test="assign-reason"]').fill('王芳转化率高');
    await card.locator('[data-test="save-assign"]').click();
    await expect.poll(() => page.locator('.el-message').innerText()).toContain('线索分配规则已保存');
    const [wangfang, lihua] = await Promise.all([app.employee('wangfang'), app.employee('lihua')]);
    const rule = (await DepartmentModel.findOne({ deptId: 3 }).lean())!.autoAssign!;
    expect({ mode: rule.mode, dailyCap: rule.dailyCap }).toEqual({ mode: 'weighted', dailyCap: 8 });
    expect(rule.members.map((m) => [String(m.employeeId), m.weight])).toEqual([
      [String(wangfang._id), 3],
      [String(lihua._id), 1],
    ]);
    const audit = await AuditEntryModel.findOne({ action: 'auto-assign', subject: 'department:3' }).lean();
    expect(audit).toMatchObject({ after: { mode: 'weighted', dailyCap: 8 }, reason: '王芳转化率高' });
    await screenshot(page, 'pool-rules-auto-assign');
    await page.locator('[data-test="levels"] .el-menu-item', { hasText: '公司默认' }).click();
    await card.locator('[data-test="lead-department"]').click();
    await choose(page, '华东SMB组');
    await card.locator('[data-test="save-lead"]').click();
    await expect
      .poll(async () => (await CompanySettingsModel.findById(COMPANY_SETTINGS_ID).lean())?.leadDepartmentId)
      .toBe(3);
    await expect
      .poll(() => AuditEntryModel.countDocuments({ action: 'auto-assign', subject: 'company:lead-department' }))
      .toBe(1);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
