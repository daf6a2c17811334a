// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { makeEmployee, makePublicCustomer } from '../support/factories.js';
import { miniappHarness, type MiniappHarness } from '../support/miniapp.js';

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

describe('公海 page', () => {
  it('when a rep searches a brand and claims it, then the page says so at once', async () => {
    const rep = await makeEmployee();
    mini.storage.set('scrm.session', { token: app.tokenFor(rep), expiresAt: '2099-01-01T00:00:00Z' });
    await makePublicCustomer(app.clock.now(), { name: '北京字节跳动科技有限公司', industry: '互联网' });
    const page = await mini.open('pages/pool/index');
    await mini.waitFor(() => page.data.loading === false, 'first page');
    page.type('#q', '字节跳动');
    page.tap('#search');
    await mini.waitFor(() => (page.data.items as unknown[]).length === 1 && !page.data.loading, 'search result');
    expect(page.text()).toContain('北京字节跳动科技有限公司');
    page.tap('.claim');
    await mini.waitFor(() => mini.toasts.length > 0, 'claim feedback');
    expect(page.text()).toContain('认领成功');
  });
});
