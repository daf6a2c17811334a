import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { launchBrowser, screenshot, type Browser } from '../support/browser.js';
import { seedConsoleCustomers, startConsoleApp, type ConsoleApp } from '../support/console-app.js';

useTestDatabase();

let console: ConsoleApp;
let browser: Browser;
beforeAll(async () => {
  console = await startConsoleApp();
  await seedConsoleCustomers(console);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await console?.close();
});

/** The gzip-compressed size of what the server sends for a URL, as a browser asking for gzip receives it. */
function gzipBytes(url: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('console size', () => {
  it('when a first-time visitor opens the console, then everything it loads before the login page shows is under 1 MB gzip', async () => {
    await browser.context.clearCookies();
    const page = await browser.page();
    const loaded = new Set<string>();
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/console')) {
        loaded.add(response.url().split('#')[0]!);
      }
    });
    await page.goto(`${console.app.url}/console/`);
    await page.locator('[data-login="qianyun"]').waitFor();
    await page.waitForLoadState('networkidle');
    const files = [...loaded].filter((url) => /\.(js|css)$/.test(new URL(url).pathname));
    expect(files.some((url) => /\/assets\/index-[\w-]+\.js$/.test(url))).toBe(true);
    let total = 0;
    for (const url of [...loaded]) {
      const { bytes, encoding } = await gzipBytes(url);
      // Scripts and stylesheets are sent compressed (the build writes .gz beside each).
      if (files.includes(url)) {
        expect(encoding, url).toBe('gzip');
      }
      total += bytes;
    }
    expect(total).toBeGreaterThan(10_000);
    expect(total, `${files.length} files`).toBeLessThan(1024 * 1024);
    await page.close();
  });
});

describe('console login (local mode)', () => {
  it('when sales ops picks themselves from the demo corp, then the overview shows the company with its teams', async () => {
    const page = await browser.page();
    await page.goto(`${console.app.url}/console/`);
    await page.waitForURL(/\/console\/login/);
    await page.locator('[data-login="qianyun"]').click();
    await page.locator('[data-test="overview"]').waitFor();
    await expect.poll(() => page.locator('[data-test="whoami"]').innerText()).toContain('钱芸（销售运营）');
    const teams = await page.locator('[data-test="team-table"] .el-table__row').allInnerTexts();
    expect(teams.join('\n')).toContain('华东SMB组');
    expect(teams.join('\n')).toContain('大客户KA组');
    await page.locator('canvas').first().waitFor();
    await screenshot(page, 'overview-ops');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('when a manager logs in with WeCom web login, then they come back logged in and see only their team', async () => {
    const context = browser.context;
    await context.clearCookies();
    const page = await browser.page();
    await page.goto(`${console.app.url}/console/login`);
    await page.locator('[data-test="wecom-login"]').click();
    // The emulator's web-login page stands in for the QR code and the member's confirmation.
    await page.waitForURL(/wwlogin\/sso\/login/);
    expect(page.url()).toContain(`appid=${console.emulator.corp.corpId}`);
    await page.getByRole('link', { name: '孙丽' }).click();
    await page.locator('[data-test="overview"]').waitFor();
    await expect.poll(() => page.locator('[data-test="whoami"]').innerText()).toContain('孙丽（主管）');
    expect(console.emulator.calls.some((c) => c.api === 'auth/getuserinfo')).toBe(true);
    const teams = await page.locator('[data-test="team-table"] .el-table__row').allInnerTexts();
    expect(teams.join('\n')).toContain('大客户KA组');
    expect(teams.join('\n')).not.toContain('华东SMB组');
    const menu = await page.locator('.el-menu-item').allInnerTexts();
    expect(menu).toContain('概览');
    expect(menu).not.toContain('公海规则');
    await screenshot(page, 'overview-manager');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('when a rep tries to log in, then the console refuses them and sets no session', async () => {
    await browser.context.clearCookies();
    const page = await browser.page();
    await page.goto(`${console.app.url}/console/login`);
    await page.locator('[data-login="wangfang"]').click();
    await expect.poll(() => page.locator('.el-alert').innerText()).toContain('管理后台仅对主管、销售运营和管理员开放');
    expect(await browser.context.cookies()).toEqual([]);
    await screenshot(page, 'login-refused');
    await page.close();
  });

  it('when a request with the session cookie lacks the CSRF token or comes from another site, then it is refused', async () => {
    await browser.context.clearCookies();
    const page = await browser.page();
    await page.goto(`${console.app.url}/console/login`);
    await page.locator('[data-login="chenjing"]').click();
    await page.locator('[data-test="overview"]').waitFor();
    expect(await page.locator('[data-test="whoami"]').innerText()).toContain('陈静（管理员）');
    const cookie = (await browser.context.cookies()).find((c) => c.name === 'scrm_console')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const headers = { cookie: `scrm_console=${cookie.value}`, 'content-type': 'application/json' };
    const noToken = await fetch(`${console.app.url}/api/console/auth/logout`, { method: 'POST', headers, body: '{}' });
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe('CSRF_FAILED');
    const { session } = (await (await fetch(`${console.app.url}/api/console/session`, { headers })).json()) as {
      session: { csrfToken: string };
    };
    const csrfToken = session.csrfToken;
    const foreign = await fetch(`${console.app.url}/api/console/auth/logout`, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': csrfToken, origin: 'http://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const own = await fetch(`${console.app.url}/api/console/auth/logout`, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': csrfToken, origin: console.app.url },
      body: '{}',
    });
    expect(own.status).toBe(200);
    await page.close();
  });
});
