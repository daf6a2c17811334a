// @vitest-environment jsdom
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { OpportunityModel } from '../../models/customers/opportunity.model.js';
import type { Employee } from '../../models/org/employee.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer } from '../support/factories.js';
import { miniappHarness, signIn, type MiniappHarness, type PageHandle } from '../support/miniapp.js';

// 商机 page and the deals on 客户详情: open a deal with its stage win rate, win it (the customer is signed), lose one.

useTestDatabase();
let app: TestApp;
let mini: MiniappHarness;
let rep: Employee;
beforeAll(async () => {
  app = await startTestApp();
  mini = miniappHarness(app.url);
  rep = await makeEmployee({ name: '张三' });
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

async function ownCustomer(name: string) {
  const c = await makePublicCustomer(app.clock.now(), { name });
  await claimCustomer({ customerId: c._id }, employeeContext(rep, app.clock.now(), app.deps.config));
  return c;
}

async function change(page: PageHandle, selector: string, value: unknown): Promise<void> {
  page.querySelector(selector)!.dispatchEvent('change', { detail: { value } });
  await new Promise((resolve) => setTimeout(resolve, 0));
}

async function openPage(page: string, query: Record<string, string>): Promise<PageHandle> {
  const handle = await mini.open(page, query);
  await mini.waitFor(() => handle.data.loading === false, page);
  return handle;
}

async function submit(page: PageHandle, selector: string): Promise<void> {
  await page.tap(selector);
  await mini.waitFor(() => mini.navigations.includes('back'), 'the page to close');
}

describe('商机 page', () => {
  it('when the owner opens a deal from the customer page, then it is stored with stage, date and products, and the page shows its win rate', async () => {
    const c = await ownCustomer('无锡精密铸造有限公司');
    const detail = await openPage('pages/customer/index', { id: String(c._id) });
    expect(detail.text()).toContain('还没有商机');
    await detail.tap('#new-deal');
    expect(mini.navigations.at(-1)).toBe(`/pages/opportunity/index?customerId=${String(c._id)}`);

    const page = await openPage('pages/opportunity/index', { customerId: String(c._id) });
    expect(page.data.stageNames).toEqual(['初步接洽（10%）', '需求确认（25%）', '方案报价（50%）', '商务谈判（70%）']);
    await page.type('#name', '二期产线改造');
    await page.type('#amount', '300000');
    await change(page, '#close-date', '2026-04-20');
    await change(page, '#stage', '2');
    await page.type('#products', 'MES 系统，实施服务');
    await page.type('#next-step', '下周二上门讲方案');
    await submit(page, '#save');
    const stored = await OpportunityModel.findOne({ customerId: c._id }).lean();
    expect(stored).toMatchObject({
      name: '二期产线改造',
      amount: 300000,
      stage: 'proposal',
      products: ['MES 系统', '实施服务'],
    });

    const again = await openPage('pages/customer/index', { id: String(c._id) });
    for (const shown of ['二期产线改造', '方案报价（50%）', '预计 150000 元', '2026-04-20 成交', '下周二上门讲方案']) {
      expect(again.text()).toContain(shown);
    }
  });

  it('when the owner wins the deal with the contract, then the customer is signed and its page says so', async () => {
    const c = await ownCustomer('常州第一机械有限公司');
    const deal = await OpportunityModel.create({
      customerId: c._id,
      ownerId: rep._id,
      name: '年度维保',
      amount: 120000,
    });
    const page = await openPage('pages/opportunity/index', { customerId: String(c._id), id: String(deal._id) });
    expect(page.data.form).toMatchObject({ name: '年度维保', amount: '120000', contractAmount: '120000' });
    await page.tap('#won');
    expect(mini.toasts).toContain('请填写合同金额和签约日期');
    await page.type('#contract-amount', '110000');
    await change(page, '#signed-on', '2026-03-02');
    await submit(page, '#won');
    expect((await OpportunityModel.findById(deal._id).lean())?.stage).toBe('won');
    expect(await CustomerModel.findById(c._id).lean()).toMatchObject({ stage: 'signed', protectedUntil: null });
    const detail = await openPage('pages/customer/index', { id: String(c._id) });
    expect(detail.text()).toContain('已成交：合同 110000 元，2026-03-02 签约');
    expect(detail.text()).toContain('赢单（100%）');
  });

  it('when the owner loses a deal, then a reason is asked for first and then kept', async () => {
    const c = await ownCustomer('常州第二纺织有限公司');
    const deal = await OpportunityModel.create({
      customerId: c._id,
      ownerId: rep._id,
      name: '仓储改造',
      amount: 80000,
    });
    const page = await openPage('pages/opportunity/index', { customerId: String(c._id), id: String(deal._id) });
    const sent = mini.requests.length;
    await page.tap('#lost');
    expect(mini.toasts).toContain('请写明输单原因');
    expect(mini.requests.length).toBe(sent);
    await page.type('#lost-reason', '预算砍掉，明年再议');
    await submit(page, '#lost');
    expect(await OpportunityModel.findById(deal._id).lean()).toMatchObject({
      stage: 'lost',
      lostReason: '预算砍掉，明年再议',
    });
  });

  it('when a rep opens a public customer, then no deal can be opened, and the stage sheet never offers 成交', async () => {
    const pub = await makePublicCustomer(app.clock.now(), { name: '嘉兴公海客户有限公司' });
    const detail = await openPage('pages/customer/index', { id: String(pub._id) });
    expect(detail.querySelector('#new-deal')).toBeFalsy();
    const own = await ownCustomer('湖州丝绸之家有限公司');
    const mine = await openPage('pages/customer/index', { id: String(own._id) });
    mini.actionSheetChoice = 1;
    await mine.tap('#stage');
    await mini.waitFor(() => mini.toasts.includes('阶段已更新'), 'the stage change');
    expect(mini.actionSheets.at(-1)).toEqual(['线索', '客户', '商机', '合同']);
    expect((await CustomerModel.findById(own._id).lean())?.stage).toBe('customer');
  });
});
