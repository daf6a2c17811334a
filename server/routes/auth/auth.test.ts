import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../../models/shared/clock.js';
import { expectError, json } from '../../../tests/support/api.js';
import type { TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { makeEmployee } from '../../../tests/support/factories.js';
import { startLocalModeApp, type LocalModeApp } from '../../../tests/support/wecom-login.js';
import { startWecomTestbed } from '../../../tests/support/wecom.js';
import { employeeForLoginCode } from '../../auth/miniapp-login.js';

useTestDatabase();

// Login codes come from the WeCom emulator on loopback, and the server exchanges them through the real
// WeCom client (miniprogram/jscode2session), as with a real corp.
let local: LocalModeApp;
let app: TestApp;
beforeAll(async () => {
  local = await startLocalModeApp();
  app = local.app;
});
afterAll(() => local.close());

const post = (path: string, body: unknown, on: TestApp = app) =>
  fetch(`${on.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const login = (body: unknown) => post('/api/auth/login', body);

describe('POST /api/auth/login', () => {
  it('when a member logs in with a fresh wx.qy.login code, then they get a working session token and never the session key', async () => {
    const rep = await makeEmployee({ userId: 'zhangsan', name: '张三' });
    const code = local.loginCode('zhangsan');
    const res = await login({ code });
    const text = await res.text();
    expect(res.status).toBe(200);
    // The emulator's session_key is derived from the code: it must not appear in the answer.
    expect(text).not.toContain(`sk-${code.slice(0, 8)}`);
    expect(text).not.toMatch(/session_?key/i);
    const body = JSON.parse(text) as { token: string; expiresAt: string; employee: { id: string; name: string } };
    expect(body.employee).toMatchObject({ id: String(rep._id), name: '张三' });
    const me = await json<{ name: string }>(
      await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${body.token}` } }),
    );
    expect(me.name).toBe('张三');
    expect(local.emulator.calls.some((c) => c.api.includes('jscode2session'))).toBe(true);
  });

  it('when the session is older than its expiry, then it is refused with 401', async () => {
    await makeEmployee({ userId: 'expiring' });
    const { token, expiresAt } = await json<{ token: string; expiresAt: string }>(
      await login({ code: local.loginCode('expiring') }),
    );
    expect(Date.parse(expiresAt)).toBe(app.clock.now().getTime() + 7 * DAY);
    app.clock.advance(7 * DAY + 1000);
    await expectError(
      await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${token}` } }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('when a code is used twice or made up, then the login is refused with 401', async () => {
    await makeEmployee({ userId: 'twice' });
    const code = local.loginCode('twice');
    await json(await login({ code }));
    await expectError(await login({ code }), 401, 'WECOM_CODE_INVALID');
    await expectError(await login({ code: 'madeUpCode123' }), 401, 'WECOM_CODE_INVALID');
    // The mini-app (and any other client) finds that answer in the API description.
    const doc = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as {
      paths: Record<string, { post: { responses: Record<string, { description: string }> } }>;
    };
    expect(doc.paths['/api/auth/login']!.post.responses['401']!.description).toContain('WECOM_CODE_INVALID');
  });

  it('when the member has resigned or is unknown to the product, then login is refused with 403', async () => {
    await makeEmployee({ userId: 'gone', status: 'resigned' });
    const resigned = await expectError(await login({ code: local.loginCode('gone') }), 403, 'FORBIDDEN');
    const unknown = await expectError(await login({ code: local.loginCode('nobody') }), 403, 'FORBIDDEN');
    expect([resigned, unknown].map((b) => b.error.details?.reason)).toEqual(['resigned', 'unknown-employee']);
  });

  it('when WeCom answers for another corp than ours, then the member is refused', async () => {
    await makeEmployee({ userId: 'elsewhere' });
    // A mini-program linked to several corps can get a code of another corp (server/wecom/README.md §4).
    const otherCorp = {
      corpId: 'wwourcorp',
      jscode2session: () => Promise.resolve({ corpid: 'wwothercorp', userid: 'elsewhere', session_key: 'k' }),
    };
    await expect(employeeForLoginCode(otherCorp, 'code')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'other-corp' },
    });
  });

  it('when the code is missing, not a string, an operator object or the body is not JSON, then 400 VALIDATION_FAILED', async () => {
    await expectError(await login({}), 400, 'VALIDATION_FAILED');
    await expectError(await login({ code: { $gt: '' } }), 400, 'VALIDATION_FAILED');
    await expectError(await login({ code: 'abc', userid: 'admin' }), 400, 'VALIDATION_FAILED');
    await expectError(await login({ code: 'a b"; drop' }), 400, 'VALIDATION_FAILED');
    const notJson = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{code:',
    });
    await expectError(notJson, 400, 'VALIDATION_FAILED');
  });
});

describe('POST /api/auth/local-login', () => {
  it('when the server runs in local mode, then a member of the emulated corp logs in through the same code exchange', async () => {
    await makeEmployee({ userId: 'wangfang', name: '王芳' });
    const body = await json<{ token: string; employee: { name: string } }>(
      await post('/api/auth/local-login', { userId: 'wangfang' }),
    );
    expect(body.employee.name).toBe('王芳');
    await expectError(await post('/api/auth/local-login', { userId: 'nobody-here' }), 403, 'FORBIDDEN');
    await expectError(await post('/api/auth/local-login', { userId: { $ne: '' } }), 400, 'VALIDATION_FAILED');
  });

  it('when the server is connected to a real corp, then local login does not exist', async () => {
    const real = await startWecomTestbed();
    try {
      await makeEmployee({ userId: 'realcorp' });
      await expectError(await post('/api/auth/local-login', { userId: 'realcorp' }, real.app), 404, 'NOT_FOUND');
      // The ordinary login works there, against the emulated real corp.
      await json(await post('/api/auth/login', { code: real.emulator.state.issueLoginCode('realcorp') }, real.app));
    } finally {
      await real.close();
    }
  });
});
