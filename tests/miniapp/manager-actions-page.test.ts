// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { makeTeam, ownedCustomer, type Team } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { contentOf, outbox } from '../support/jobs.js';
import { miniappHarness, signIn, type MiniappHarness } from '../support/miniapp.js';

// 客户详情: a manager locks, unlocks and moves (转交) a team customer; its owner asks for a lock (申请锁定).

useTestDatabase();
let app: TestApp;
let mini: MiniappHarness;
let team: Team;
beforeAll(async () => {
  app = await startTestApp();
  mini = miniappHarness(app.url);
  team = await makeTeam();
});
afterAll(async () => {
  mini.close();
  await app.close();
});

describe('锁定 on the customer page', () => {
  it('when the team manager taps 锁定 and picks a reason, then the page says it will not drop, and 解锁 undoes it', async () => {
    const c = await ownedCustomer(app, team.rep, '嘉兴锁定页面有限公司');
    signIn(mini, app.tokenFor(team.manager));
    const page = await mini.open('pages/customer/index', { id: String(c._id) });
    await mini.waitFor(() => page.data.loading === false, 'the customer');
    expect(page.text()).not.toContain('申请锁定');
    mini.actionSheetChoice = 1;
    await page.tap('#lock');
    await mini.waitFor(() => page.text().includes('已锁定，不会掉保'), 'the locked customer');
    expect(mini.actionSheets.at(-1)).toContain('合同审批中，即将签约');
    const entry = await LedgerEntryModel.findOne({ customerId: c._id, action: 'lock' }).lean();
    expect(entry?.reason).toBe('合同审批中，即将签约');

    await page.tap('#unlock');
    await mini.waitFor(() => !page.text().includes('已锁定'), 'the unlocked customer');
    expect((await CustomerModel.findById(c._id).lean())?.locked).toBe(false);
  });

  it('when the owner opens the customer, then there is no 锁定 but 申请锁定, which tells the manager', async () => {
    const c = await ownedCustomer(app, team.rep, '湖州申请锁定页面有限公司');
    signIn(mini, app.tokenFor(team.rep));
    const page = await mini.open('pages/customer/index', { id: String(c._id) });
    await mini.waitFor(() => page.data.loading === false, 'the customer');
    expect(page.querySelector('#lock') ?? null).toBeNull();
    mini.actionSheetChoice = 0;
    await page.tap('#request-lock');
    await mini.waitFor(() => mini.toasts.includes('已提交主管'), 'the confirmation');
    const asked = await outbox('lock-request', team.manager.userId);
    expect(contentOf(asked.at(-1)!)).toContain('湖州申请锁定页面有限公司');
    expect(contentOf(asked.at(-1)!)).toContain('重点客户，商务推进中');
  });

  it('when the team manager taps 转交 and picks a rep, then the customer moves to that rep; the owner sees no 转交', async () => {
    const c = await ownedCustomer(app, team.rep, '绍兴转交页面有限公司');
    signIn(mini, app.tokenFor(team.rep));
    const own = await mini.open('pages/customer/index', { id: String(c._id) });
    await mini.waitFor(() => own.data.loading === false, 'the customer');
    expect(own.querySelector('#reassign') ?? null).toBeNull();

    signIn(mini, app.tokenFor(team.manager));
    const page = await mini.open('pages/customer/index', { id: String(c._id) });
    await mini.waitFor(() => (page.data.targets as unknown[]).length > 0, 'the targets');
    const choices = (page.data.targets as { name: string }[]).map((t) => t.name);
    mini.actionSheetChoice = choices.indexOf('李四');
    await page.tap('#reassign');
    await mini.waitFor(() => page.text().includes('负责人：李四'), 'the new owner');
    expect(mini.actionSheets.at(-1)).toContain('李四（0/50）');
    expect((await CustomerModel.findById(c._id).lean())?.ownerId).toEqual(team.other._id);
  });
});
