// @vitest-environment jsdom
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomerModel, type Customer } from '../../models/customers/customer.model.js';
import type { Employee } from '../../models/org/employee.model.js';
import { FollowUpModel } from '../../models/follow-ups/follow-up.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { DAY } from '../../models/shared/clock.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer } from '../support/factories.js';
import { miniappHarness, signIn, type MiniappHarness, type PageHandle } from '../support/miniapp.js';

useTestDatabase();
let app: TestApp;
let mini: MiniappHarness;
beforeAll(async () => {
  app = await startTestApp();
  mini = miniappHarness(app.url);
});
beforeEach(() => {
  mini.toasts.length = 0;
  mini.modals.length = 0;
  mini.navigations.length = 0;
});
afterAll(async () => {
  mini.close();
  await app.close();
});

type Verdict = { valid: boolean; reasons: { code: string }[]; effect: string } | null;
const checks = () => mini.requests.filter((r) => r.path === '/api/follow-ups/check').length;

async function ownedBy(rep: Employee): Promise<Customer> {
  const c = await makePublicCustomer(new Date(app.clock.now().getTime() - DAY));
  return claimCustomer(
    { customerId: c._id },
    employeeContext(rep, new Date(app.clock.now().getTime() - DAY), app.deps.config),
  );
}

async function openForm(rep: Employee, customer: Customer): Promise<PageHandle> {
  signIn(mini, app.tokenFor(rep));
  return mini.open('pages/follow-up/index', {
    customerId: String(customer._id),
    name: encodeURIComponent(customer.name),
  });
}

/** Types the text one keystroke at a time, as a person does. */
async function typeSlowly(page: PageHandle, selector: string, text: string): Promise<void> {
  for (let i = 1; i <= text.length; i++) {
    await page.type(selector, text.slice(0, i));
  }
}

describe('写跟进 page', () => {
  it('when the rep types, then the verdict follows the text after a pause, with its reasons, checked once per pause', async () => {
    const rep = await makeEmployee();
    const customer = await ownedBy(rep);
    const page = await openForm(rep, customer);
    const before = checks();
    await typeSlowly(page, '#content', '继续跟进保持联系');
    await mini.waitFor(() => page.data.verdict !== null, 'the first verdict');
    expect(checks() - before).toBe(1);
    const filler = page.data.verdict as Verdict;
    expect(filler?.valid).toBe(false);
    expect(filler?.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['FILLER', 'NO_CONTACT', 'NO_NEXT_STEP']),
    );
    expect(page.text()).toContain('无效跟进');
    expect(page.text()).toContain('不会重置掉保时间');

    await page.type('#content', '和采购王总电话沟通了二期产线改造的预算，约了下周三上门演示');
    await mini.waitFor(() => (page.data.verdict as Verdict)?.valid === true, 'the verdict of the better note');
    expect(page.text()).toContain('有效跟进');
    expect(page.text()).toContain('保存后将重置掉保时间');
    // The score is explained: what was recognised and the points of each part.
    expect(page.text()).toContain('已识别：联系人「王总」');
    expect(page.text()).toMatch(/下一步「下周三」.*联系人\+20 下一步\+20/);
  });

  it('when the rep saves a filler note anyway, then it is kept and marked, the form says the clock was not reset, and it was not', async () => {
    const rep = await makeEmployee();
    const customer = await ownedBy(rep);
    const page = await openForm(rep, customer);
    await page.type('#content', '暂无意向，继续跟进');
    await page.tap('#save');
    await mini.waitFor(() => mini.navigations.includes('back'), 'the form to close');
    expect(mini.modals[0]?.content).toContain('不会重置掉保时间');
    const stored = await FollowUpModel.findOne({ customerId: customer._id }).lean();
    expect(stored).toMatchObject({
      content: '暂无意向，继续跟进',
      quality: { valid: false },
      countedForProtection: false,
    });
    expect((await CustomerModel.findById(customer._id).lean())?.protectedUntil).toEqual(customer.protectedUntil);
  });

  it('when the rep saves a valid note with contact and next step, then the drop clock is reset and the form says so', async () => {
    const rep = await makeEmployee();
    const customer = await ownedBy(rep);
    const page = await openForm(rep, customer);
    await page.type('#content', '沟通了二期产线改造的预算和交付周期，客户关心售后响应');
    await page.type('#contact', '采购王总');
    await page.type('#next-step', '下周三上门演示');
    await mini.waitFor(() => (page.data.verdict as Verdict)?.valid === true, 'a valid verdict');
    await page.tap('#save');
    await mini.waitFor(() => mini.navigations.includes('back'), 'the form to close');
    expect(mini.toasts).toContain('已保存，掉保时间已重置');
    const after = await CustomerModel.findById(customer._id).lean();
    expect(after!.protectedUntil!.getTime()).toBeGreaterThan(customer.protectedUntil!.getTime());
    expect(await FollowUpModel.findOne({ customerId: customer._id }).lean()).toMatchObject({
      contactName: '采购王总',
      nextStep: '下周三上门演示',
      countedForProtection: true,
    });
  });
});
