import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmployeeModel } from '../../../models/org/employee.model.js';
import { revokeEmployeeSessions } from '../../../models/org/sessions.js';
import { upsertEmployee } from '../../../models/wecom/org-sync.js';
import { expectError, json } from '../../../tests/support/api.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { makeEmployee } from '../../../tests/support/factories.js';
import { startLocalModeApp, type LocalModeApp } from '../../../tests/support/wecom-login.js';

useTestDatabase();

// Sessions end when the employee logs out, leaves or changes role; logins are rate-limited; WeCom's
// own error text and outages never reach the caller as anything but our codes.
let local: LocalModeApp;
beforeAll(async () => {
  local = await startLocalModeApp({ RATE_LIMIT_LOGIN_ADDRESS: '5/min', RATE_LIMIT_LOGIN_EMPLOYEE: '3/min' });
});
afterAll(() => local.close());

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${local.app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const me = (token: string) => fetch(`${local.app.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
async function loginAs(userId: string): Promise<string> {
  return (await json<{ token: string }>(await post('/api/auth/login', { code: local.loginCode(userId) }))).token;
}
const nextMinute = () => local.app.clock.advance(61_000);

describe('sessions end', () => {
  it('when an employee logs out, then every session of theirs is refused and a new login works', async () => {
    await makeEmployee({ userId: 'leaver1' });
    nextMinute();
    const phone = await loginAs('leaver1');
    const console = await loginAs('leaver1');
    await json(await post('/api/auth/logout', {}, phone));
    await expectError(await me(phone), 401, 'UNAUTHENTICATED');
    await expectError(await me(console), 401, 'UNAUTHENTICATED');
    await json(await me(await loginAs('leaver1')));
  });

  it('when WeCom reports a role change or a departure, then the sessions issued before are refused', async () => {
    await makeEmployee({ userId: 'promoted', departmentIds: [7], mainDepartmentId: 7 });
    await makeEmployee({ userId: 'resigner' });
    nextMinute();
    const before = await loginAs('promoted');
    const leaving = await loginAs('resigner');
    await upsertEmployee({ userid: 'promoted', department: [7], is_leader_in_dept: [1] }, local.app.clock.now());
    await expectError(await me(before), 401, 'UNAUTHENTICATED');
    const after = await json<{ role: string }>(await me(await loginAs('promoted')));
    expect(after.role).toBe('manager');
    await upsertEmployee({ userid: 'resigner', status: 5 }, local.app.clock.now());
    await expectError(await me(leaving), 401, 'UNAUTHENTICATED');
  });

  it('when the console changes a role through revokeEmployeeSessions, then the old session is refused', async () => {
    const employee = await makeEmployee({ userId: 'opsnew' });
    nextMinute();
    const token = await loginAs('opsnew');
    await EmployeeModel.updateOne({ _id: employee._id }, { $set: { role: 'ops' } });
    await revokeEmployeeSessions(employee._id);
    await expectError(await me(token), 401, 'UNAUTHENTICATED');
  });
});

describe('login limits and WeCom failures', () => {
  it('when one address sends junk codes, then after the limit it is refused with 429 before WeCom is asked', async () => {
    nextMinute();
    for (let i = 0; i < 5; i++) {
      await expectError(await post('/api/auth/login', { code: `junk${i}` }), 401, 'WECOM_CODE_INVALID');
    }
    const calls = local.emulator.calls.filter((c) => c.api.includes('jscode2session')).length;
    const refused = await post('/api/auth/login', { code: 'junk-more' });
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectError(refused, 429, 'RATE_LIMITED');
    expect(local.emulator.calls.filter((c) => c.api.includes('jscode2session'))).toHaveLength(calls);
  });

  it('when one employee logs in again and again, then sessions stop being issued for them', async () => {
    await makeEmployee({ userId: 'looper' });
    nextMinute();
    for (let i = 0; i < 3; i++) {
      await loginAs('looper');
    }
    await expectError(await post('/api/auth/login', { code: local.loginCode('looper') }), 429, 'RATE_LIMITED');
  });

  it('when WeCom answers an error, then its errmsg is not in the answer', async () => {
    nextMinute();
    local.emulator.injectFault({ api: 'miniprogram/jscode2session', kind: 'errcode', errcode: 60020, times: 1 });
    const res = await post('/api/auth/login', { code: 'anycode' });
    const text = await res.text();
    expect(res.status).toBe(502);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'WECOM_CONFIG_ERROR' } });
    expect(text).not.toContain('emulated error');
    expect(text).not.toContain('errmsg');
  });

  it('when WeCom does not answer, then login answers 503 WECOM_UNAVAILABLE within 5 s', async () => {
    nextMinute();
    local.emulator.injectFault({ api: 'miniprogram/jscode2session', kind: 'hang', times: 10, delayMs: 20_000 });
    const started = Date.now();
    await expectError(await post('/api/auth/login', { code: 'slowcode' }), 503, 'WECOM_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
