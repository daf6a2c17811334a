// @vitest-environment jsdom
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import type { Employee } from '../../models/org/employee.model.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeDepartment, makeEmployee, systemContext } from '../support/factories.js';
import { miniappHarness, signIn, type MiniappHarness, type PageHandle } from '../support/miniapp.js';

// 录入客户: from 查重's empty result and from 我的客户, through the real API.

useTestDatabase();
let app: TestApp;
let mini: MiniappHarness;
let rep: Employee;
let owner: Employee;
beforeAll(async () => {
  app = await startTestApp();
  mini = miniappHarness(app.url);
  const dept = await makeDepartment();
  rep = await makeEmployee({ name: '张三', mainDepartmentId: dept.deptId });
  owner = await makeEmployee({ name: '李四', mainDepartmentId: dept.deptId });
  await createCustomer(
    { customer: { name: '北京字节跳动科技有限公司' }, into: 'private' },
    employeeContext(owner, app.clock.now(), app.deps.config),
  );
  await createCustomer(
    { customer: { name: '苏州恒远新材料股份有限公司' }, into: 'public' },
    systemContext(app.clock.now()),
  );
});
beforeEach(() => {
  mini.navigations.length = 0;
  mini.toasts.length = 0;
  signIn(mini, app.tokenFor(rep));
});
afterAll(async () => {
  mini.close();
  await app.close();
});

/** The query of the last navigation to the page, as the page would receive it in onLoad. */
function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));
}

async function save(page: PageHandle): Promise<void> {
  const sent = mini.requests.length;
  await page.tap('#save');
  await mini.waitFor(() => mini.requests.length > sent && page.data.saving === false, 'the save');
}

describe('录入客户 page', () => {
  it('when 查重 finds nothing and the rep taps 录入该客户, then the page opens with the name and the customer lands in their private pool', async () => {
    const check = await mini.open('pages/check/index');
    await check.type('#name', '杭州青禾电子商务有限公司');
    await check.tap('#check');
    await mini.waitFor(() => check.data.checked === true, 'the check');
    expect(check.text()).toContain('可以放心录入');
    await check.tap('#create');
    const target = mini.navigations.at(-1)!;
    expect(target.startsWith('/pages/create/index?')).toBe(true);
    const page = await mini.open('pages/create/index', queryOf(target));
    expect((page.data.form as { name: string }).name).toBe('杭州青禾电子商务有限公司');
    await page.type('#phone', '0571-88886666');
    await page.type('#industry', '电商');
    await save(page);
    const stored = await CustomerModel.findOne({ name: '杭州青禾电子商务有限公司' }).lean();
    expect(stored).toMatchObject({ poolState: 'private', ownerId: rep._id, industry: '电商', source: 'manual' });
    expect(mini.toasts).toContain('已录入');
    expect(mini.navigations.at(-1)).toBe(`/pages/customer/index?id=${String(stored!._id)}`);
  });

  it("when the company is another rep's, then the page says who has it and offers a complaint, and nothing is created", async () => {
    const page = await mini.open('pages/create/index', { name: encodeURIComponent('字节跳动') });
    await save(page);
    expect(page.text()).toContain('由 李四');
    expect(page.querySelector('#claim-existing')).toBeFalsy();
    await page.tap('#complain-existing');
    expect(mini.navigations.at(-1)).toMatch(/^\/pages\/check\/index\?name=.+&complain=[a-f\d]{24}$/);
    expect(await CustomerModel.countDocuments({ name: '字节跳动' })).toBe(0);
  });

  it('when the company waits in the public pool, then 去认领 claims it into the private pool instead', async () => {
    const page = await mini.open('pages/create/index');
    await page.type('#name', '恒远新材料');
    await save(page);
    expect(page.text()).toContain('已在公海');
    const sent = mini.requests.length;
    await page.tap('#claim-existing');
    await mini.waitFor(() => mini.requests.length > sent, 'the claim');
    await mini.waitFor(() => mini.navigations.length > 0, 'the customer page');
    expect((await CustomerModel.findOne({ name: '苏州恒远新材料股份有限公司' }).lean())?.ownerId).toEqual(rep._id);
  });

  it('when the rep opens it from 我的客户 and switches on 占坑, then the new customer is staked', async () => {
    const my = await mini.open('pages/my/index');
    await mini.waitFor(() => my.data.loading === false, 'my customers');
    await my.tap('#create-entry');
    expect(mini.navigations.at(-1)).toBe('/pages/create/index');
    const page = await mini.open('pages/create/index');
    await page.type('#name', '宁波港湾物流有限公司');
    page.querySelector('#stake')!.dispatchEvent('change', { detail: { value: true } });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(page.text()).toContain('录入并占坑');
    await save(page);
    expect(await CustomerModel.findOne({ name: '宁波港湾物流有限公司' }).lean()).toMatchObject({
      poolState: 'staked',
      stakedBy: rep._id,
    });
  });

  it('when the name is left empty, then the rep is told to fill it in and nothing is sent', async () => {
    const page = await mini.open('pages/create/index');
    const sent = mini.requests.length;
    await page.tap('#save');
    expect(mini.toasts).toContain('请填写公司全称');
    expect(mini.requests.length).toBe(sent);
  });
});
