// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { changeGrade } from '../../models/customers/use-cases/change-grade.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { stakeCustomer } from '../../models/pool/stake-customer.js';
import { DAY } from '../../models/shared/clock.js';
import type { Employee } from '../../models/org/employee.model.js';
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
afterAll(async () => {
  mini.close();
  await app.close();
});

type Row = { id: string; name: string; countdown: string };

async function claimAt(rep: Employee, name: string, at: Date) {
  const c = await makePublicCustomer(at, { name });
  return claimCustomer({ customerId: c._id }, employeeContext(rep, at, app.deps.config));
}

async function openMine(rep: Employee): Promise<PageHandle> {
  signIn(mini, app.tokenFor(rep));
  const page = await mini.open('pages/my/index');
  await mini.waitFor(() => page.data.loading === false, 'my customers');
  return page;
}

describe('我的客户 page', () => {
  it('when a rep opens it, then the capacity bar, the customers by drop date with countdowns, and the staked deadlines show', async () => {
    const rep = await makeEmployee();
    const now = app.clock.now();
    await claimAt(rep, '老客户有限公司', new Date(now.getTime() - 29 * DAY));
    const graded = await claimAt(rep, 'A类客户有限公司', new Date(now.getTime() - 5 * DAY));
    await changeGrade({ customerId: graded._id, grade: 'A' }, employeeContext(rep, now, app.deps.config));
    await claimAt(rep, '新客户有限公司', now);
    const staked = await makePublicCustomer(now, { name: '占坑客户有限公司' });
    await stakeCustomer({ customerId: staked._id }, employeeContext(rep, now, app.deps.config));

    const page = await openMine(rep);
    expect(page.data.pool).toMatchObject({ used: 3, capacity: 50 });
    expect(page.data.percent).toBe(6);
    expect((page.data.customers as Row[]).map((c) => [c.name, c.countdown])).toEqual([
      ['老客户有限公司', '还剩 2 天，3月4日 0点掉保'],
      ['A类客户有限公司', '还剩 11 天，3月13日 0点掉保'],
      ['新客户有限公司', '还剩 31 天，4月2日 0点掉保'],
    ]);
    const text = page.text();
    expect(text).toContain('私海库容3/50');
    expect(text).toContain('占坑客户有限公司');
    expect(text).toContain('3月17日前完成绿化（剩 14 天）');
  });

  it('when the rep releases a customer and confirms, then it leaves the list and the capacity bar drops', async () => {
    const rep = await makeEmployee();
    const kept = await claimAt(rep, '留下的客户有限公司', app.clock.now());
    const released = await claimAt(rep, '要释放的客户有限公司', app.clock.now());
    const page = await openMine(rep);
    mini.confirmModals = true;
    await page.tap(`#private-${String(released._id)} .release`);
    await mini.waitFor(
      () => (page.data.customers as Row[]).length === 1 && page.data.releasing === '',
      'the list after release',
    );
    expect((page.data.customers as Row[]).map((c) => c.id)).toEqual([String(kept._id)]);
    expect(page.text()).toContain('私海库容1/50');
    expect(mini.modals.at(-1)?.content).toContain('冷静期');
    expect((await CustomerModel.findById(released._id).lean())?.poolState).toBe('public');
  });

  it('when the rep cancels the release, then nothing changes', async () => {
    const rep = await makeEmployee();
    const customer = await claimAt(rep, '差点释放的客户有限公司', app.clock.now());
    const page = await openMine(rep);
    mini.confirmModals = false;
    try {
      await page.tap(`#private-${String(customer._id)} .release`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      mini.confirmModals = true;
    }
    expect((await CustomerModel.findById(customer._id).lean())?.poolState).toBe('private');
    expect(page.data.customers as Row[]).toHaveLength(1);
  });
});
