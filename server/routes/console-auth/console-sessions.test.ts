import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertEmployee } from '../../../models/wecom/org-sync.js';
import { expectError, json } from '../../../tests/support/api.js';
import { startConsoleApp, type ConsoleApp } from '../../../tests/support/console-app.js';
import { useTestDatabase } from '../../../tests/support/database.js';

useTestDatabase();

// Console sessions (the HttpOnly cookie) end the way the mini-app's do: on logout, on a role change
// and on resignation, on every server instance — and a cookie saved before is then worth nothing.

let console: ConsoleApp;
beforeAll(async () => {
  console = await startConsoleApp();
}, 120_000);
afterAll(() => console?.close());

interface ConsoleLogin {
  cookie: string;
  csrfToken: string;
}

async function login(userId: string): Promise<ConsoleLogin> {
  const res = await fetch(`${console.app.url}/api/console/auth/local-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: console.app.url },
    body: JSON.stringify({ userId }),
  });
  const { csrfToken } = await json<{ csrfToken: string }>(res);
  const cookie = /scrm_console=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
  expect(cookie).not.toBe('');
  return { cookie, csrfToken };
}

const get = (session: ConsoleLogin, path: string) =>
  fetch(`${console.app.url}${path}`, { headers: { cookie: session.cookie } });
const send = (session: ConsoleLogin, method: string, path: string, body: unknown = {}) =>
  fetch(`${console.app.url}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'content-type': 'application/json',
      'x-csrf-token': session.csrfToken,
      origin: console.app.url,
    },
    body: JSON.stringify(body),
  });
const sessionOf = async (session: ConsoleLogin) =>
  (await json<{ session: { employee: { userId: string } } | null }>(await get(session, '/api/console/session')))
    .session;

describe('console sessions end', () => {
  it('when ops log out of the console, then the saved cookie is refused everywhere and a new login works', async () => {
    const saved = await login('qianyun');
    await json(await get(saved, '/api/console/people'));
    await json(await send(saved, 'POST', '/api/console/auth/logout'));
    // Someone who kept a copy of the cookie (a shared computer, a proxy log) gets nothing with it.
    await expectError(await get(saved, '/api/console/people'), 401, 'UNAUTHENTICATED');
    expect(await sessionOf(saved)).toBeNull();
    const again = await login('qianyun');
    await json(await get(again, '/api/console/people'));
    expect(await sessionOf(again)).toMatchObject({ employee: { userId: 'qianyun' } });
  });

  it('when the admin changes a role in 人员与权限, then that employee’s console session ends and their next login works', async () => {
    const admin = await login('chenjing');
    const before = await login('qianyun');
    const people = await json<{ people: { id: string; userId: string }[] }>(await get(admin, '/api/console/people'));
    const qianyun = people.people.find((p) => p.userId === 'qianyun')!;
    await json(await send(admin, 'PUT', `/api/console/people/${qianyun.id}/role`, { role: 'admin', reason: '接管' }));
    await expectError(await get(before, '/api/console/people'), 401, 'UNAUTHENTICATED');
    expect(await sessionOf(before)).toBeNull();
    const after = await login('qianyun');
    expect(await sessionOf(after)).toMatchObject({ employee: { userId: 'qianyun' } });
    await json(await get(after, '/api/console/people'));
    // The admin's own session is untouched.
    await json(await get(admin, '/api/console/people'));
  });

  it('when a member leaves in WeCom, then their console session is refused', async () => {
    const session = await login('zhaolei');
    await json(await get(session, '/api/console/overview'));
    await upsertEmployee({ userid: 'zhaolei', status: 5 }, console.app.clock.now());
    await expectError(await get(session, '/api/console/overview'), 401, 'UNAUTHENTICATED');
    expect(await sessionOf(session)).toBeNull();
  });
});
