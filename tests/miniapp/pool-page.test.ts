// @vitest-environment jsdom
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { releaseCustomer } from '../../models/pool/release-customer.js';
import { DAY } from '../../models/shared/clock.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer, testConfig } from '../support/factories.js';
import { miniappHarness, signIn, type MiniappHarness, type PageHandle } from '../support/miniapp.js';
import { startLocalModeApp, type LocalModeApp } from '../support/wecom-login.js';

useTestDatabase();
let local: LocalModeApp;
let app: TestApp;
let mini: MiniappHarness;
beforeAll(async () => {
  // Local mode with the WeCom emulator, so logins run through the real code exchange.
  local = await startLocalModeApp({ POOL_CAPACITY: '2', RATE_LIMIT_POOL_SEARCH: '1000/min' });
  app = local.app;
  mini = miniappHarness(app.url);
  const t0 = app.clock.now();
  await makePublicCustomer(new Date(t0.getTime() - 40 * DAY), {
    name: '北京字节跳动科技有限公司',
    industry: '互联网',
    region: '北京',
  });
  for (let i = 0; i < 25; i++) {
    await makePublicCustomer(new Date(t0.getTime() - i * DAY), {
      name: `宁波海曙五金${i}有限公司`,
      industry: '五金',
      region: '宁波',
    });
  }
});
beforeEach(() => {
  mini.toasts.length = 0;
  mini.modals.length = 0;
  mini.navigations.length = 0;
});
afterAll(async () => {
  mini.close();
  await local.close();
});

type Item = { id: string; name: string; feedback: string };
const items = (page: PageHandle) => page.data.items as Item[];

async function openPool(rep: Parameters<TestApp['tokenFor']>[0]): Promise<PageHandle> {
  signIn(mini, app.tokenFor(rep));
  const page = await mini.open('pages/pool/index');
  await mini.waitFor(() => page.data.loading === false && items(page).length > 0, 'the first page of the pool');
  return page;
}

async function searchFor(page: PageHandle, q: string): Promise<void> {
  await page.type('#q', q);
  await page.tap('#search');
  await mini.waitFor(
    () => page.data.loading === false && items(page).every((i) => i.name.includes(q)),
    `results for ${q}`,
  );
}

async function claimFirst(page: PageHandle): Promise<string> {
  await page.tap('.claim');
  // Short outcomes come as a toast, longer ones as a dialog; the row says it either way.
  await mini.waitFor(
    () => mini.toasts.length + mini.modals.length > 0 && items(page)[0]!.feedback !== '',
    'claim feedback',
  );
  return items(page)[0]!.feedback;
}

describe('公海 page', () => {
  it('when a rep searches a brand and claims it, then the page says so at once and shows the new capacity', async () => {
    const rep = await makeEmployee();
    const page = await openPool(rep);
    await searchFor(page, '字节跳动');
    expect(items(page).map((i) => i.name)).toEqual(['北京字节跳动科技有限公司']);
    expect(await claimFirst(page)).toBe('认领成功，已放入我的客户');
    expect(page.text()).toContain('私海 1/2');
    // The row cannot be claimed again, and the toast fits what WeChat shows with an icon.
    expect(page.querySelector('.claim')!.dom.textContent?.trim()).toBe('已认领');
    expect(mini.toastIcons.at(-1)).toEqual({ title: '已认领', icon: 'success' });
  });

  it("when the rep's private pool is full, then every 认领 is disabled and says so, and the way to release one is offered", async () => {
    const rep = await makeEmployee();
    for (const name of ['满仓一号有限公司', '满仓二号有限公司']) {
      const c = await makePublicCustomer(app.clock.now(), { name });
      await claimCustomer({ customerId: c._id }, employeeContext(rep, app.clock.now(), app.deps.config));
    }
    const page = await openPool(rep);
    await mini.waitFor(() => page.data.pool !== null, 'the capacity line');
    expect(page.text()).toContain('私海 2/2');
    await searchFor(page, '五金');
    const buttons = page.querySelectorAll('.claim');
    expect(buttons.length).toBeGreaterThan(0);
    for (const button of buttons) {
      expect(button.dom.textContent?.trim()).toBe('库容已满');
    }
    expect((page.data.items as Item[]).length).toBeGreaterThan(0);
    expect(page.text()).toContain('先释放一个客户再认领');
    await page.tap('#release-hint');
    expect(mini.navigations).toEqual(['/pages/my/index']);
  });

  it('when someone else claimed the customer meanwhile, then the page says it is taken, naming nobody', async () => {
    const rep = await makeEmployee();
    const other = await makeEmployee({ name: '李四' });
    const target = await makePublicCustomer(app.clock.now(), { name: '杭州抢手货有限公司' });
    const page = await openPool(rep);
    await searchFor(page, '抢手货');
    await claimCustomer({ customerId: target._id }, employeeContext(other, app.clock.now(), app.deps.config));
    expect(await claimFirst(page)).toBe('已被同事认领');
  });

  it('when the rep released the customer recently, then the list and the claim say until when the cooldown lasts', async () => {
    const rep = await makeEmployee();
    const c = await makePublicCustomer(app.clock.now(), { name: '苏州回头客有限公司' });
    await claimCustomer({ customerId: c._id }, employeeContext(rep, app.clock.now(), app.deps.config));
    await releaseCustomer({ customerId: c._id }, employeeContext(rep, app.clock.now(), app.deps.config));
    const page = await openPool(rep);
    await searchFor(page, '回头客');
    // Released at 10:00 on 2 March (China time): the 7-day cooldown ends at 10:00 on 9 March.
    expect(page.text()).toContain('冷静期至 3月9日 10:00');
    expect(await claimFirst(page)).toBe('冷静期内不能再认领，3月9日 10:00 后可认领');
  });

  it('when the rep filters by industry and scrolls, then only that industry comes, one page after another', async () => {
    const rep = await makeEmployee();
    const page = await openPool(rep);
    await mini.waitFor(() => (page.data.industries as string[]).includes('五金'), 'the filter options');
    const industries = page.data.industries as string[];
    const sent = mini.requests.length;
    page.querySelector('#industry')!.dispatchEvent('change', { detail: { value: industries.indexOf('五金') } });
    await mini.waitFor(() => mini.requests.length > sent && page.data.loading === false, 'the first filtered page');
    expect(items(page)).toHaveLength(20);
    expect(items(page).every((i) => i.name.startsWith('宁波海曙五金'))).toBe(true);
    expect(page.data.hasMore).toBe(true);
    await page.tap('#more');
    await mini.waitFor(() => items(page).length === 25 && page.data.loading === false, 'the second page');
    expect(new Set(items(page).map((i) => i.id)).size).toBe(25);
    expect(page.data.hasMore).toBe(false);
  });

  it('when the session has expired, then the page logs in again through wx.qy.login and loads', async () => {
    const rep = await makeEmployee({ userId: 'relogin-rep' });
    mini.storage.set('scrm.session', { token: 'v1.expired.token', expiresAt: '2099-01-01T00:00:00Z' });
    mini.qyLogin = () => Promise.resolve(local.loginCode('relogin-rep'));
    try {
      const page = await mini.open('pages/pool/index');
      await mini.waitFor(
        () => page.data.loading === false && items(page).length > 0,
        'the pool after logging in again',
      );
      expect(mini.requests.filter((r) => r.path === '/api/auth/login').map((r) => r.status)).toContain(200);
      expect((mini.storage.get('scrm.session') as { token: string }).token).not.toBe('v1.expired.token');
      expect(rep.userId).toBe('relogin-rep');
    } finally {
      mini.qyLogin = undefined;
    }
  });

  it('when the mini-app runs outside WeCom against a local-mode server, then it logs in as the local member and loads', async () => {
    await makeEmployee({ userId: 'wangfang', name: '王芳' });
    local.emulator.addUser({ userid: 'wangfang', name: '王芳', department: [1] });
    const harness = miniappHarness(app.url, { localUserId: 'wangfang' });
    try {
      const page = await harness.open('pages/pool/index');
      await harness.waitFor(
        () => page.data.loading === false && items(page).length > 0,
        'the pool after the local login',
      );
      expect(harness.requests.find((r) => r.path === '/api/auth/local-login')?.status).toBe(200);
      expect(harness.requests.some((r) => r.path === '/api/auth/login')).toBe(false);
    } finally {
      harness.close();
    }
  });

  it('when the rep searches past the rate limit, then the page shows the Chinese refusal', async () => {
    const limited = await startTestApp(
      { config: testConfig({ RATE_LIMIT_POOL_SEARCH: '2/min' }) },
      app.clock.now().toISOString(),
    );
    const limitedMini = miniappHarness(limited.url);
    try {
      const rep = await makeEmployee();
      signIn(limitedMini, limited.tokenFor(rep));
      const page = await limitedMini.open('pages/pool/index');
      await limitedMini.waitFor(() => page.data.loading === false, 'the first page');
      await page.tap('#search');
      await limitedMini.waitFor(() => page.data.loading === false, 'the second search');
      await page.tap('#search');
      await limitedMini.waitFor(() => page.data.error !== '', 'the refusal');
      expect(page.text()).toContain('公海搜索太频繁');
    } finally {
      limitedMini.close();
      await limited.close();
    }
  });
});
