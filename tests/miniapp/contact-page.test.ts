// @vitest-environment jsdom
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import type { Employee } from '../../models/org/employee.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer } from '../support/factories.js';
import { miniappHarness, signIn, type MiniappHarness, type PageHandle } from '../support/miniapp.js';

// 联系人 page and the contacts on 客户详情: add the KP, edit, remove, masked details left alone.

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

async function openContactPage(query: Record<string, string>): Promise<PageHandle> {
  const page = await mini.open('pages/contact/index', query);
  await mini.waitFor(() => page.data.loading === false, 'the contact form');
  return page;
}

async function save(page: PageHandle, selector = '#save'): Promise<void> {
  await page.tap(selector);
  await mini.waitFor(() => mini.navigations.includes('back'), 'the form to close');
}

describe('联系人 page', () => {
  it('when the owner adds the KP from the customer page, then it is stored with role, phones and WeChat, and the page shows it', async () => {
    const c = await ownCustomer('无锡精密铸造有限公司');
    signIn(mini, app.tokenFor(rep));
    const detail = await mini.open('pages/customer/index', { id: String(c._id) });
    await mini.waitFor(() => detail.data.loading === false, 'the customer');
    expect(detail.text()).toContain('还没有联系人');
    await detail.tap('#add-contact');
    expect(mini.navigations.at(-1)).toBe(`/pages/contact/index?customerId=${String(c._id)}`);

    const page = await openContactPage({ customerId: String(c._id) });
    await page.type('#name', '钱总');
    await page.type('#position', '总经理');
    await page.type('#phones', '139 5555 6666，0510-88881234');
    await page.type('#wechat', 'qian_boss88');
    await change(page, '#role', '1');
    await change(page, '#kp', true);
    await save(page);
    const stored = await ContactModel.findOne({ customerId: c._id }).lean();
    expect(stored).toMatchObject({
      name: '钱总',
      position: '总经理',
      role: 'decider',
      phones: ['13955556666', '0510-88881234'],
      wechat: 'qian_boss88',
      isKeyPerson: true,
    });
    expect(mini.toasts.at(-1)).toMatch(/^完整度\d+%$/);

    const again = await mini.open('pages/customer/index', { id: String(c._id) });
    await mini.waitFor(() => again.data.loading === false, 'the customer');
    for (const shown of ['钱总', 'KP', '决策人', '微信 qian_boss88', '13955556666']) {
      expect(again.text()).toContain(shown);
    }
    expect(again.text()).not.toContain('关键决策人(KP) ');
  });

  it('when the owner edits a contact and then removes it, then the change is stored and the contact leaves the page', async () => {
    const c = await ownCustomer('嘉兴南湖纺织有限公司');
    const p = await ContactModel.create({ customerId: c._id, name: '赵采购', phones: ['13700001111'] });
    signIn(mini, app.tokenFor(rep));
    const detail = await mini.open('pages/customer/index', { id: String(c._id) });
    await mini.waitFor(() => detail.data.loading === false, 'the customer');
    await detail.tap(`#contact-${String(p._id)}`);
    expect(mini.navigations.at(-1)).toBe(`/pages/contact/index?customerId=${String(c._id)}&id=${String(p._id)}`);

    const page = await openContactPage({ customerId: String(c._id), id: String(p._id) });
    expect(page.data.form).toMatchObject({ name: '赵采购', phones: '13700001111' });
    await page.type('#phones', '13700002222');
    await save(page);
    expect((await ContactModel.findById(p._id).lean())?.phones).toEqual(['13700002222']);

    mini.navigations.length = 0;
    const edit = await openContactPage({ customerId: String(c._id), id: String(p._id) });
    mini.confirmModals = true;
    await save(edit, '#remove');
    expect((await ContactModel.findById(p._id).lean())?.removedAt).toEqual(app.clock.now());
    const after = await mini.open('pages/customer/index', { id: String(c._id) });
    await mini.waitFor(() => after.data.loading === false, 'the customer');
    expect(after.text()).not.toContain('赵采购');
  });

  it('when ops edit a contact of a public customer, then the masked phone is shown masked and left as it was', async () => {
    const ops = await makeEmployee({ role: 'ops' });
    const c = await makePublicCustomer(app.clock.now(), { name: '常州公海待认领有限公司' });
    const p = await ContactModel.create({ customerId: c._id, name: '周经理', phones: ['13912345678'] });
    signIn(mini, app.tokenFor(ops));
    const page = await openContactPage({ customerId: String(c._id), id: String(p._id) });
    expect(page.text()).toContain('联系方式已遮挡');
    expect(page.data.form).toMatchObject({ phones: '139****5678' });
    await change(page, '#kp', true);
    await save(page);
    expect(await ContactModel.findById(p._id).lean()).toMatchObject({ phones: ['13912345678'], isKeyPerson: true });
    expect((await CustomerModel.findById(c._id).lean())?.poolState).toBe('public');
  });

  it('when a rep opens the page of a customer they may not see, then the refusal shows and no form', async () => {
    const other = await makeEmployee();
    const c = await makePublicCustomer(app.clock.now());
    await claimCustomer({ customerId: c._id }, employeeContext(other, app.clock.now(), app.deps.config));
    signIn(mini, app.tokenFor(rep));
    const page = await openContactPage({ customerId: String(c._id) });
    expect(page.text()).toContain('你没有权限查看该客户');
    expect(page.querySelector('#save')).toBeFalsy();
  });
});
