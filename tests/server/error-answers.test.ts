import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../support/api.js';
import { useTestDatabase } from '../support/database.js';
import { makeEmployee } from '../support/factories.js';
import { startLocalModeApp, type LocalModeApp } from '../support/wecom-login.js';

// Errors whose own message is not for the caller (expose: false) keep their status and code, as koa's
// onerror does; only the message becomes a generic Chinese one and the details (WeCom's errmsg, the API
// called) stay in the log.

useTestDatabase();
let local: LocalModeApp;
beforeAll(async () => {
  local = await startLocalModeApp();
});
afterAll(() => local.close());

const login = (code: string) =>
  fetch(`${local.app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });

describe('answers to errors the caller may not read', () => {
  it('when WeCom cannot be reached during login, then 503 WECOM_UNAVAILABLE in Chinese with Retry-After, not 500', async () => {
    await makeEmployee({ userId: 'outage-rep' });
    local.emulator.injectFault({ api: 'miniprogram/jscode2session', kind: '5xx', times: 10 });
    const res = await login(local.loginCode('outage-rep'));
    const body = await expectError(res, 503, 'WECOM_UNAVAILABLE');
    expect(body.error.message).toBe('暂时无法连接企业微信，请稍后重试');
    expect(body.error.details).toBeUndefined();
    expect(res.headers.get('retry-after')).toBe('5');
  });

  it("when WeCom refuses the app's credentials, then 502 WECOM_CONFIG_ERROR keeps its code and hides WeCom's errmsg", async () => {
    await makeEmployee({ userId: 'config-rep' });
    local.emulator.faults.length = 0;
    local.emulator.injectFault({ api: 'miniprogram/jscode2session', kind: 'errcode', errcode: 40001, times: 10 });
    const res = await login(local.loginCode('config-rep'));
    const text = await res.clone().text();
    await expectError(res, 502, 'WECOM_CONFIG_ERROR');
    expect(text).not.toContain('emulated error');
    expect(text).not.toContain('WECOM_SECRET');
    expect(text).not.toContain('jscode2session');
  });
});
