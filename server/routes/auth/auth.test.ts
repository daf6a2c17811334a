import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../../models/time/clock.js';
import { expectError, json } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { makeEmployee, testConfig } from '../../../tests/support/factories.js';
import { CodeIssuer } from '../../../tests/support/wecom-login.js';

useTestDatabase();

const wecom = new CodeIssuer();
let app: TestApp;
beforeAll(async () => { app = await startTestApp({ wecom, issueLocalLoginCode: (userId) => wecom.issue(userId) }); });
afterAll(() => app.close());

const login = (body: unknown) => fetch(`${app.url}/api/auth/login`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
});

describe('POST /api/auth/login', () => {
  it('when a member logs in with a fresh wx.qy.login code, then they get a working session token and never the session key', async () => {
    const rep = await makeEmployee({ userId: 'zhangsan', name: '张三' });
    const res = await login({ code: wecom.issue('zhangsan') });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain('secret-session-key');
    const body = JSON.parse(text) as { token: string; expiresAt: string; employee: { id: string; name: string } };
    expect(body.employee).toMatchObject({ id: String(rep._id), name: '张三' });
    const me = await json<{ name: string }>(await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${body.token}` } }));
    expect(me.name).toBe('张三');
  });

  it('when the session is older than its expiry, then it is refused with 401', async () => {
    await makeEmployee({ userId: 'expiring' });
    const { token, expiresAt } = await json<{ token: string; expiresAt: string }>(await login({ code: wecom.issue('expiring') }));
    expect(Date.parse(expiresAt)).toBe(app.clock.now().getTime() + 7 * DAY);
    app.clock.advance(7 * DAY + 1000);
    await expectError(await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${token}` } }), 401, 'UNAUTHENTICATED');
  });

  it('when a code is used twice, then the second login is refused', async () => {
    await makeEmployee({ userId: 'twice' });
    const code = wecom.issue('twice');
    await json(await login({ code }));
    await expectError(await login({ code }), 401, 'UNAUTHENTICATED');
  });

  it('when the member has resigned, is unknown, or belongs to another corp, then login is refused with 403', async () => {
    await makeEmployee({ userId: 'gone', status: 'resigned' });
    await makeEmployee({ userId: 'elsewhere' });
    const resigned = await expectError(await login({ code: wecom.issue('gone') }), 403, 'FORBIDDEN');
    const unknown = await expectError(await login({ code: wecom.issue('nobody') }), 403, 'FORBIDDEN');
    const otherCorp = await expectError(await login({ code: wecom.issue('elsewhere', 'wwothercorp') }), 403, 'FORBIDDEN');
    expect([resigned, unknown, otherCorp].map((b) => b.error.details?.reason)).toEqual(['resigned', 'unknown-employee', 'other-corp']);
  });

  it('when the code is missing, not a string, an operator object or the body is not JSON, then 400 VALIDATION_FAILED', async () => {
    await expectError(await login({}), 400, 'VALIDATION_FAILED');
    await expectError(await login({ code: { $gt: '' } }), 400, 'VALIDATION_FAILED');
    await expectError(await login({ code: 'abc', userid: 'admin' }), 400, 'VALIDATION_FAILED');
    await expectError(await login({ code: 'a b"; drop' }), 400, 'VALIDATION_FAILED');
    const notJson = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{code:' });
    await expectError(notJson, 400, 'VALIDATION_FAILED');
  });
});

describe('POST /api/auth/local-login', () => {
  const localLogin = (body: unknown, on = app) => fetch(`${on.url}/api/auth/local-login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });

  it('when the server runs in local mode, then a member of the emulated corp logs in through the same code exchange', async () => {
    await makeEmployee({ userId: 'wangfang', name: '王芳' });
    const body = await json<{ token: string; employee: { name: string } }>(await localLogin({ userId: 'wangfang' }));
    expect(body.employee.name).toBe('王芳');
    await expectError(await localLogin({ userId: 'nobody-here' }), 403, 'FORBIDDEN');
    await expectError(await localLogin({ userId: { $ne: '' } }), 400, 'VALIDATION_FAILED');
  });

  it('when the server is connected to a real corp, then local login does not exist', async () => {
    const real = await startTestApp({ wecom, issueLocalLoginCode: (userId) => wecom.issue(userId), config: testConfig({
      WECOM_CORP_ID: 'wwcorp1', WECOM_SECRET: 's', WECOM_AGENT_ID: '1000002', WECOM_TOKEN: 'Token1', WECOM_AES_KEY: 'a'.repeat(43),
      SESSION_SECRET: 'test-session-secret-0123456789abcdef',
    }) });
    try {
      await makeEmployee({ userId: 'realcorp' });
      await expectError(await localLogin({ userId: 'realcorp' }, real), 404, 'NOT_FOUND');
    } finally {
      await real.close();
    }
  });
});
