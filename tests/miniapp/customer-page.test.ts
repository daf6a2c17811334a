// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { recordFollowUp } from '../../models/follow-ups/record-follow-up.js';
import { stakeCustomer } from '../../models/pool/stake-customer.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeDepartment, makeEmployee, makePublicCustomer } from '../support/factories.js';
import { miniappHarness, signIn, type MiniappHarness } from '../support/miniapp.js';

useTestDatabase();
let app: TestApp;
let mini: MiniappHarness;
beforeAll(async () => {
  app = await startTestApp();
  mini = miniappHarness(app.url);
});
afterAll(async () => {
  mini.close();
  await app.close();
});

describe('客户详情 and 团队 pages', () => {
  it('when the owner opens a customer, then profile, contacts, timeline and ledger show, and a grade change is recorded', async () => {
    const rep = await makeEmployee({ name: '张三' });
    const c = await makePublicCustomer(app.clock.now(), { name: '无锡精密铸造有限公司', industry: '制造' });
    await claimCustomer({ customerId: c._id }, employeeContext(rep, app.clock.now(), app.deps.config));
    await ContactModel.create({ customerId: c._id, name: '钱经理', position: '采购', phones: ['13955556666'] });
    await recordFollowUp(
      { customerId: c._id, content: '继续跟进' },
      employeeContext(rep, app.clock.now(), app.deps.config),
    );
    signIn(mini, app.tokenFor(rep));
    const page = await mini.open('pages/customer/index', { id: String(c._id) });
    await mini.waitFor(() => page.data.loading === false, 'the customer');
    const text = page.text();
    for (const expected of [
      '无锡精密铸造有限公司',
      '私海',
      '钱经理',
      '13955556666',
      '继续跟进',
      '无效',
      '认领',
      '创建',
    ]) {
      expect(text).toContain(expected);
    }
    mini.actionSheetChoice = 0;
    await page.tap('#grade');
    await mini.waitFor(() => (page.data.gradeHistory as unknown[]).length === 1, 'the grade history');
    expect(mini.actionSheets.at(-1)?.[0]).toBe('A 类（一周内签）');
    expect((await CustomerModel.findById(c._id).lean())?.grade).toBe('A');
  });

  it("when a rep completes a staked customer's profile on 完善资料, then the completeness rises and the stake is greened", async () => {
    const rep = await makeEmployee();
    const c = await makePublicCustomer(app.clock.now(), { name: '温州待绿化有限公司' });
    await stakeCustomer({ customerId: c._id }, employeeContext(rep, app.clock.now(), app.deps.config));
    signIn(mini, app.tokenFor(rep));
    const page = await mini.open('pages/profile/index', { id: String(c._id) });
    await mini.waitFor(() => page.data.loading === false, 'the profile form');
    expect(page.text()).toContain('待补充');
    const values: Record<string, string> = {
      '#industry': '鞋服',
      '#region': '温州',
      '#address': '鹿城区车站大道 8 号',
      '#credit-code': '91330300MA2C76543D',
      '#boss': '林总',
      '#phone': '0577-88886666',
      '#scale': '300 人',
      '#main-business': '皮鞋',
      '#budget': '50 万',
    };
    for (const [selector, value] of Object.entries(values)) {
      await page.type(selector, value);
    }
    await page.tap('#save');
    await mini.waitFor(() => mini.navigations.includes('back'), 'the form to close');
    const stored = await CustomerModel.findById(c._id).lean();
    // Everything but a key person (KP, weight 2 of 11): 9/11.
    expect(stored?.completeness).toBe(82);
    expect(stored?.greenedAt).not.toBeNull();
    expect(stored?.creditCode).toBe('91330300MA2C76543D');
  });

  it("when a rep opens another rep's customer, then the page names neither it nor its owner and offers a complaint instead of the details", async () => {
    const owner = await makeEmployee({ name: '李四' });
    const rep = await makeEmployee();
    const c = await makePublicCustomer(app.clock.now(), { name: '常州别人家的客户有限公司' });
    await claimCustomer({ customerId: c._id }, employeeContext(owner, app.clock.now(), app.deps.config));
    await ContactModel.create({ customerId: c._id, name: '孙总', phones: ['13811112222'] });
    signIn(mini, app.tokenFor(rep));
    const page = await mini.open('pages/customer/index', { id: String(c._id) });
    await mini.waitFor(() => page.data.loading === false, 'the refusal');
    expect(page.text()).toContain('你没有权限查看该客户');
    expect(page.text()).toContain('发起申诉');
    for (const secret of ['13811112222', '李四', '常州别人家的客户有限公司']) {
      expect(page.text()).not.toContain(secret);
    }
  });

  it("when a manager opens the team page and taps a rep, then today's figures and that rep's notes show; a rep is told it is for managers", async () => {
    const dept = await makeDepartment();
    const manager = await makeEmployee({
      role: 'manager',
      mainDepartmentId: dept.deptId,
      leaderOfDepartmentIds: [dept.deptId],
    });
    const rep = await makeEmployee({ name: '周八', mainDepartmentId: dept.deptId });
    const c = await makePublicCustomer(app.clock.now());
    await claimCustomer({ customerId: c._id }, employeeContext(rep, app.clock.now(), app.deps.config));
    await recordFollowUp(
      { customerId: c._id, content: '和采购王总电话沟通了二期产线改造的预算，约了下周三上门演示' },
      employeeContext(rep, app.clock.now(), app.deps.config),
    );

    signIn(mini, app.tokenFor(manager));
    const page = await mini.open('pages/team/index');
    await mini.waitFor(() => page.data.loading === false, 'the review');
    expect(page.text()).toContain('周八');
    expect(page.text()).toContain('跟进 1（有效 1，套话 0）');
    expect(page.text()).toContain('认领 1 · 释放 0 · 掉保 0');
    await page.tap(`#rep-${String(rep._id)}`);
    await mini.waitFor(() => page.data.drill !== null, 'the drill-down');
    expect(page.text()).toContain('二期产线改造');

    signIn(mini, app.tokenFor(rep));
    const repPage = await mini.open('pages/team/index');
    await mini.waitFor(() => repPage.data.loading === false, 'the refusal');
    expect(repPage.text()).toContain('团队理单仅主管和销售运营可见');
  });
});
