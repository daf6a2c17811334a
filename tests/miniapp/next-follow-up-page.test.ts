// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FollowUpModel } from '../../models/follow-ups/follow-up.model.js';
import { makeTeam, ownedCustomer, type Team } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { miniappHarness, signIn, type MiniappHarness } from '../support/miniapp.js';

// 写跟进: the form plans the next follow-up (下次跟进时间) with a date picker; the server reads the day in
// the business time zone (9:00 Shanghai), and the plan can be cleared before saving.

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

const note = '电话和采购王总确认了二期预算30万，约好下周上门演示，带上报价单';

async function openForm(name: string) {
  const c = await ownedCustomer(app, team.rep, name);
  signIn(mini, app.tokenFor(team.rep));
  const page = await mini.open('pages/follow-up/index', { customerId: String(c._id), name: encodeURIComponent(name) });
  await page.type('#content', note);
  await page.type('#contact', '王总');
  return { c, page };
}

describe('下次跟进时间 on the follow-up form', () => {
  it('when the rep picks a day and saves, then the plan is stored for 9:00 that day in Shanghai', async () => {
    const { c, page } = await openForm('常熟下次跟进页面有限公司');
    expect(page.text()).toContain('下次跟进时间：未设置');
    page.querySelector('#next-date')!.dispatchEvent('change', { detail: { value: '2026-03-09' } });
    await mini.waitFor(() => page.text().includes('下次跟进时间：2026-03-09'), 'the picked day');
    await page.tap('#save');
    await mini.waitFor(() => mini.navigations.includes('back'), 'the form to close');
    const saved = await FollowUpModel.findOne({ customerId: c._id }).lean();
    expect(saved?.nextFollowUpAt?.toISOString()).toBe('2026-03-09T01:00:00.000Z');
  });

  it('when the rep picks a day and then clears it, then no plan is stored', async () => {
    const { c, page } = await openForm('太仓不设跟进页面有限公司');
    page.querySelector('#next-date')!.dispatchEvent('change', { detail: { value: '2026-03-09' } });
    await mini.waitFor(() => page.querySelector('#clear-next-date') != null, 'the clear link');
    await page.tap('#clear-next-date');
    await page.tap('#save');
    await mini.waitFor(() => mini.navigations.filter((n) => n === 'back').length >= 2, 'the form to close');
    expect((await FollowUpModel.findOne({ customerId: c._id }).lean())?.nextFollowUpAt ?? null).toBeNull();
  });
});
