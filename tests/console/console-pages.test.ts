import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileConflictCase } from '../../models/conflicts/cases/file-case.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { DAY } from '../../models/shared/clock.js';
import { launchBrowser, screenshot, type Browser } from '../support/browser.js';
import { seedConsoleCustomers, startConsoleApp, type ConsoleApp } from '../support/console-app.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makePublicCustomers } from '../support/factories.js';

useTestDatabase();

// Every page of the console in a real browser against the app in local mode, logged in through the
// member picker: each renders with data and without console errors, and a manager sees only theirs.

let app: ConsoleApp;
let browser: Browser;
beforeAll(async () => {
  app = await startConsoleApp();
  await seedConsoleCustomers(app);
  const [wangfang, zhoujie] = await Promise.all([app.employee('wangfang'), app.employee('zhoujie')]);
  const held = await CustomerModel.findOne({ ownerId: wangfang._id }).lean();
  await fileConflictCase(
    { customerId: String(held!._id), kind: 'duplicate', reason: '我上周已在企微加了对方老板，是我先接触的' },
    employeeContext(zhoujie, app.app.clock.now(), app.app.deps.config),
  );
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

export async function loginAs(b: Browser, url: string, userId: string) {
  await b.context.clearCookies();
  const page = await b.page();
  await page.goto(`${url}/console/login`);
  await page.locator(`[data-login="${userId}"]`).click();
  await page.locator('[data-test="overview"]').waitFor();
  return page;
}

const pages: [string, string, string][] = [
  ['/', 'overview', '[data-test="team-table"] .el-table__row'],
  ['/customers', 'customers', '[data-test="customer-table"] .el-table__row'],
  ['/pool-rules', 'pool-rules', '[data-test="levels"] .el-menu-item'],
  ['/people', 'people', '[data-test="people-table"] .el-table__row'],
  ['/cases', 'cases', '[data-test="case-list"] .el-table__row'],
  ['/imports', 'imports', '[data-test="imports"]'],
  ['/wecom-events', 'wecom-events', '[data-test="event-table"]'],
  ['/bots', 'bots', '[data-test="bot-table"]'],
  ['/audit', 'audit', '[data-test="ledger-table"] .el-table__row'],
];

describe('console pages', () => {
  it('when sales ops opens every page, then each renders with its data and the browser logs no error', async () => {
    const page = await loginAs(browser, app.app.url, 'qianyun');
    for (const [path, name, rows] of pages) {
      await page.goto(`${app.app.url}/console${path}`);
      await page.locator(rows).first().waitFor();
      await page.waitForTimeout(600);
      await screenshot(page, `page-${name}`);
    }
    const menu = await page.locator('.el-menu-item').allInnerTexts();
    expect(menu.slice(0, 9)).toEqual([
      '概览',
      '客户',
      '公海规则',
      '人员与权限',
      '撞单申诉',
      '导入',
      '企微事件',
      '机器人',
      '审计',
    ]);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('when a manager opens the console, then they see their team’s customers and people only, and not the ops pages', async () => {
    const page = await loginAs(browser, app.app.url, 'zhaolei');
    expect(await page.locator('.el-menu-item').allInnerTexts()).toEqual(['概览', '客户', '人员与权限']);
    await page.goto(`${app.app.url}/console/customers?state=private`);
    await page.locator('[data-test="customer-table"] .el-table__row').first().waitFor();
    const owners = await page.locator('[data-test="customer-table"] .el-table__row [data-owner]').allInnerTexts();
    expect(new Set(owners.map((o) => o.trim()))).toEqual(new Set(['王芳', '李华']));
    await page.goto(`${app.app.url}/console/people`);
    await page.locator('[data-test="people-table"] .el-table__row').first().waitFor();
    const people = (await page.locator('[data-test="people-table"] .el-table__row').allInnerTexts()).join('\n');
    expect(people).toContain('王芳');
    expect(people).not.toContain('周杰');
    await screenshot(page, 'manager-people');
    // An ops page opened by its address sends the manager back to what they may see.
    await page.goto(`${app.app.url}/console/pool-rules`);
    await page.locator('[data-test="overview"]').waitFor();
    expect(page.errors).toEqual([]);
    // The server refuses the ops endpoints whatever the browser shows.
    const answer = await page.evaluate(async () => (await fetch('/api/console/audit/ledger')).status);
    expect(answer).toBe(403);
    await page.close();
  });

  it('when time passes, then the overview charts the claims and releases of the last 30 days', async () => {
    app.app.clock.advance(2 * DAY);
    const page = await loginAs(browser, app.app.url, 'qianyun');
    const daily = await page.evaluate(async () => {
      const answer = (await (await fetch('/api/console/overview')).json()) as {
        daily: { claims: number; releases: number }[];
      };
      return answer.daily;
    });
    expect(daily).toHaveLength(30);
    expect(daily.reduce((n, d) => n + d.claims, 0)).toBe(6);
    expect(daily.reduce((n, d) => n + d.releases, 0)).toBe(1);
    await page.close();
  });

  it('when ops page through the customers, then the next page is read from the cursor of the one before and page 1 comes back', async () => {
    await makePublicCustomers(45, app.app.clock.now());
    const page = await loginAs(browser, app.app.url, 'qianyun');
    const lists: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/console/customers?')) lists.push(request.url());
    });
    await page.goto(`${app.app.url}/console/customers`);
    const rows = page.locator('[data-test="customer-table"] .el-table__row');
    await rows.first().waitFor();
    // A row's text (name, state, holder, dates) tells the customers apart.
    const names = async () => (await rows.allInnerTexts()).map((row) => row.trim());
    const first = await names();
    expect(first).toHaveLength(20);
    expect(await page.locator('[data-test="total"]').innerText()).toMatch(/^共 \d+ 条$/);
    let shown = await rows.first().textContent();
    await page.locator('.el-pagination .btn-next').click();
    await expect.poll(() => rows.first().textContent()).not.toBe(shown);
    const second = await names();
    expect(second.filter((name) => first.includes(name))).toEqual([]);
    expect(new URL(lists.at(-1)!).searchParams.get('from')).toBe('2');
    expect(new URL(lists.at(-1)!).searchParams.get('after')).toMatch(/^[0-9a-f]{24}$/);
    shown = await rows.first().textContent();
    await page.locator('.el-pagination .btn-prev').click();
    await expect.poll(() => rows.first().textContent()).not.toBe(shown);
    expect(await names()).toEqual(first);
    expect(new URL(lists.at(-1)!).searchParams.get('after')).toBeNull();
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
