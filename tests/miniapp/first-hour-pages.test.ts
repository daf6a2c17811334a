// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFollowUp } from '../../models/follow-ups/record-follow-up.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import type { Employee } from '../../models/org/employee.model.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer } from '../support/factories.js';
import { miniappHarness, signIn, type MiniappHarness, type PageHandle } from '../support/miniapp.js';

// The mini-app as a new rep meets it: a server that is down, pulling to refresh, a long list to search,
// a long note, and no tab that is not theirs.

useTestDatabase();
let app: TestApp;
let mini: MiniappHarness;
let down: MiniappHarness;
beforeAll(async () => {
  app = await startTestApp();
  mini = miniappHarness(app.url);
  // Nothing listens on port 9: the mini-app's requests fail as with the server down.
  down = miniappHarness('http://127.0.0.1:9');
});
afterAll(async () => {
  mini.close();
  down.close();
  await app.close();
});

async function claim(rep: Employee, name: string) {
  const c = await makePublicCustomer(app.clock.now(), { name });
  return claimCustomer({ customerId: c._id }, employeeContext(rep, app.clock.now(), app.deps.config));
}

async function openMine(harness: MiniappHarness, rep: Employee): Promise<PageHandle> {
  signIn(harness, app.tokenFor(rep));
  const page = await harness.open('pages/my/index');
  await harness.waitFor(() => page.data.loading === false, 'my customers');
  return page;
}

describe('the mini-app in the first hour', () => {
  it('when the server is down, then 我的客户 says so and does not claim the pool is empty', async () => {
    const rep = await makeEmployee();
    const page = await openMine(down, rep);
    expect(page.text()).toContain('网络不可用');
    expect(page.text()).toContain('下拉页面可重试');
    expect(page.text()).not.toContain('私海里还没有客户');
    expect(page.text()).not.toContain('没有占坑客户');
  });

  it('when a rep pulls 我的客户 down, then it loads again and the refresh ends', async () => {
    const rep = await makeEmployee();
    const page = await openMine(mini, rep);
    expect(page.text()).toContain('私海里还没有客户');
    await claim(rep, '下拉刷新有限公司');
    const before = mini.refreshesDone;
    page.instance.onPullDownRefresh!();
    await mini.waitFor(() => mini.refreshesDone > before, 'the refresh to end');
    expect(page.text()).toContain('下拉刷新有限公司');
  });

  it('when a rep has many customers, then a search and a grade filter narrow the list', async () => {
    const rep = await makeEmployee();
    for (let i = 1; i <= 8; i++) {
      await claim(rep, `${i % 2 ? '杭州' : '宁波'}第${i}搜索测试有限公司`);
    }
    const page = await openMine(mini, rep);
    expect((page.data.customers as unknown[]).length).toBe(8);
    await page.type('#filter', '宁波');
    expect((page.data.customers as { name: string }[]).map((c) => c.name).sort()).toEqual(
      [
        '宁波第2搜索测试有限公司',
        '宁波第4搜索测试有限公司',
        '宁波第6搜索测试有限公司',
        '宁波第8搜索测试有限公司',
      ].sort(),
    );
    await page.type('#filter', '没有这个');
    expect(page.text()).toContain('没有符合条件的客户');
    expect(page.text()).not.toContain('私海里还没有客户');
  });

  it('when a note is very long, then the detail page shows its start and unfolds it on tap', async () => {
    const rep = await makeEmployee();
    const customer = await claim(rep, '长笔记有限公司');
    const note = `今天与王总电话沟通预算和上线时间，${'对方详细介绍了现有系统的问题和迁移计划，'.repeat(60)}下周二上门演示。`;
    await recordFollowUp(
      { customerId: customer._id, content: note, contactName: '王总', nextStep: '下周二上门演示' },
      employeeContext(rep, app.clock.now(), app.deps.config),
    );
    signIn(mini, app.tokenFor(rep));
    const page = await mini.open('pages/customer/index', { id: String(customer._id) });
    await mini.waitFor(() => page.text().includes('长笔记有限公司'), 'the customer');
    expect(note.length).toBeGreaterThan(1000);
    expect(page.text()).not.toContain(note);
    expect(page.text()).toContain('展开全文');
    await page.tap('.toggle-note');
    expect(page.text()).toContain(note);
    expect(page.text()).toContain('收起');
  });

  it('when a rep opens 我的客户, then there is no way into 团队; a manager finds it there', async () => {
    const rep = await makeEmployee();
    expect((await openMine(mini, rep)).querySelector('#team-entry') ?? null).toBeNull();
    const manager = await makeEmployee({ role: 'manager', leaderOfDepartmentIds: [1] });
    const page = await openMine(mini, manager);
    await page.tap('#team-entry');
    expect(mini.navigations.at(-1)).toBe('/pages/team/index');
  });
});
