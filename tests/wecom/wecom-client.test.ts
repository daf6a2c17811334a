import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../models/shared/app-error.js';
import { manualClock } from '../../models/shared/clock.js';
import { startWecomEmulator, type WecomEmulator } from '../../server/wecom/emulator/wecom-emulator.js';
import { databaseTokenStore } from '../../server/wecom/token-store.js';
import { createWecomClient, type WecomClient } from '../../server/wecom/wecom.client.js';
import { useTestDatabase } from '../support/database.js';
import { testCorp, testWecomClient, wecomTestConfig } from '../support/wecom.js';

useTestDatabase();

let emulator: WecomEmulator;
let client: WecomClient;
const clock = manualClock('2026-03-02T02:00:00Z');

beforeAll(async () => {
  emulator = await startWecomEmulator({ corp: testCorp, clock });
  emulator.addDepartment(1, '公司', 0);
  emulator.addUser({ userid: 'rep1', name: '销售1' });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.calls.length = 0;
  emulator.faults.length = 0;
  client = testWecomClient(wecomTestConfig(emulator.apiBase), { timeoutMs: 300 });
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as AppError,
  );

describe('access token', () => {
  it('when many calls start at once, then one gettoken serves them all', async () => {
    await Promise.all(Array.from({ length: 20 }, () => client.getUser('rep1')));
    expect(emulator.callsTo('gettoken')).toHaveLength(1);
  });

  it('when WeCom invalidates the token mid-run, then one refresh and no call fails', async () => {
    await client.getUser('rep1');
    emulator.state.revokeTokens(40014);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => client.getUser('rep1')));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(emulator.callsTo('gettoken')).toHaveLength(2);
  });

  it('when the token expires by time, then it is refreshed once', async () => {
    await client.getUser('rep1');
    clock.advance(3 * 3600_000);
    await Promise.all([client.getUser('rep1'), client.getUser('rep1')]);
    expect(emulator.callsTo('gettoken')).toHaveLength(2);
  });

  it('when WeCom refuses the refreshed token too, then the call fails after one refresh instead of looping', async () => {
    await client.getUser('rep1');
    emulator.injectFault({ api: 'user/get', kind: 'errcode', errcode: 42001, times: 10 });
    const error = await failure(client.getUser('rep1'));
    expect(error.details).toMatchObject({ errcode: 42001 });
    expect(emulator.callsTo('gettoken')).toHaveLength(2);
    expect(emulator.callsTo('user/get')).toHaveLength(3);
  });

  it('when several server instances share the database, then they share one token, and a revoked one is replaced once', async () => {
    const credentials = { corpId: testCorp.corpId, secret: testCorp.secret, agentId: testCorp.agentId };
    const instances = Array.from({ length: 3 }, () =>
      createWecomClient({ apiBase: emulator.apiBase, credentials, tokenStore: databaseTokenStore() }),
    );
    await instances[0]!.getUser('rep1');
    await Promise.all(instances.map((c) => c.getUser('rep1')));
    expect(emulator.callsTo('gettoken')).toHaveLength(1);
    emulator.state.revokeTokens(40014);
    await instances[1]!.getUser('rep1');
    await Promise.all(instances.map((c) => c.getUser('rep1')));
    expect(emulator.callsTo('gettoken')).toHaveLength(2);
  });

  it('when the secret is wrong, then WECOM_CONFIG_ERROR and gettoken is not called again', async () => {
    const wrong = createWecomClient({
      apiBase: emulator.apiBase,
      credentials: { corpId: testCorp.corpId, secret: 'wrong', agentId: testCorp.agentId },
    });
    for (let i = 0; i < 3; i++) {
      expect(isAppError(await failure(wrong.getUser('rep1')), 'WECOM_CONFIG_ERROR')).toBe(true);
    }
    expect(emulator.callsTo('gettoken')).toHaveLength(1);
  });

  it('when no corp is configured, then every call fails with WECOM_CONFIG_ERROR without any request', async () => {
    const none = createWecomClient({ apiBase: emulator.apiBase, credentials: undefined });
    expect(isAppError(await failure(none.getFollowUserList()), 'WECOM_CONFIG_ERROR')).toBe(true);
    expect(emulator.calls).toHaveLength(0);
  });
});

describe('retries and errors', () => {
  it('when WeCom rate-limits (45009) or answers 5xx, then the call backs off and succeeds', async () => {
    emulator.injectFault({ api: 'user/get', kind: 'errcode', errcode: 45009, times: 1 });
    emulator.injectFault({ api: 'user/get', kind: '5xx', times: 1 });
    expect(await client.getUser('rep1')).toMatchObject({ userid: 'rep1' });
    expect(emulator.callsTo('user/get')).toHaveLength(3);
  });

  it('when WeCom times out, then the call is retried', async () => {
    emulator.injectFault({ api: 'user/get', kind: 'timeout', times: 1, delayMs: 600 });
    expect(await client.getUser('rep1')).toMatchObject({ userid: 'rep1' });
    expect(emulator.callsTo('user/get')).toHaveLength(2);
  });

  it('when WeCom stays down, then WECOM_UNAVAILABLE after a bounded number of tries', async () => {
    emulator.injectFault({ api: 'user/get', kind: '5xx', times: 100 });
    expect(isAppError(await failure(client.getUser('rep1')), 'WECOM_UNAVAILABLE')).toBe(true);
    expect(emulator.callsTo('user/get')).toHaveLength(4);
  });

  it('when WeCom answers an errcode, then it becomes the matching AppError with errcode and errmsg', async () => {
    const invalid = await failure(client.getExternalContact('wm-nobody'));
    expect(invalid).toMatchObject({
      code: 'WECOM_EXTERNAL_USER_INVALID',
      details: { errcode: 40096, api: 'externalcontact/get' },
    });
    emulator.injectFault({ api: 'user/get', kind: 'errcode', errcode: 95555, times: 1 });
    expect(await failure(client.getUser('rep1'))).toMatchObject({
      code: 'WECOM_API_ERROR',
      details: { errcode: 95555 },
    });
    expect(emulator.callsTo('user/get')).toHaveLength(1);
  });
});

describe('cursors', () => {
  it('when a customer has more than 500 follow users, then get follows next_cursor and returns them all', async () => {
    const { externalUserId } = await emulator.addExternalContact({ userId: 'rep1', name: '大客户' });
    for (let i = 0; i < 520; i++) {
      emulator.state.contacts.get(externalUserId)!.follows.set(`u${i}`, { userid: `u${i}` });
    }
    const detail = await client.getExternalContact(externalUserId);
    expect(detail.follow_user).toHaveLength(521);
    expect(emulator.callsTo('externalcontact/get')).toHaveLength(2);
  });
});

describe('the other calls the product makes', () => {
  it('when the mini-app exchanges a login code, then the member comes back once and a reused code is WECOM_CODE_INVALID', async () => {
    const code = emulator.state.issueLoginCode('rep1');
    expect(await client.jscode2session(code)).toMatchObject({ corpid: testCorp.corpId, userid: 'rep1' });
    expect(isAppError(await failure(client.jscode2session(code)), 'WECOM_CODE_INVALID')).toBe(true);
  });

  it('when each message type is sent, then the member receives each once', async () => {
    emulator.mailbox.reset();
    await client.sendMessage('rep1', { msgtype: 'text', text: { content: '文本提醒' } });
    await client.sendMessage('rep1', { msgtype: 'markdown', markdown: { content: '**日报**' } });
    await client.sendMessage('rep1', {
      msgtype: 'textcard',
      textcard: { title: '掉保预警', description: '3 个客户将掉保', url: 'https://example.invalid/x' },
    });
    await client.sendMessage('rep1', {
      msgtype: 'template_card',
      template_card: {
        card_type: 'text_notice',
        main_title: { title: '交接' },
        card_action: { type: 1, url: 'https://example.invalid/y' },
      },
    });
    expect(emulator.mailbox.to('rep1').map((m) => m.msgtype)).toEqual([
      'text',
      'markdown',
      'textcard',
      'template_card',
    ]);
  });

  it("when listing a member's customers, the follow users and a departed member's unassigned customers, then WeCom's lists come back whole", async () => {
    emulator.addUser({ userid: 'gone', name: '离职者' });
    const { externalUserId } = await emulator.addExternalContact({ userId: 'gone', name: '待分配客户' });
    emulator.state.users.get('gone')!.status = 5;
    expect(await client.listExternalContacts('rep1')).toEqual(expect.any(Array));
    expect(await client.getFollowUserList()).toContain('rep1');
    expect((await client.getUnassignedList({ pageSize: 1 })).info).toEqual([
      expect.objectContaining({ handover_userid: 'gone', external_userid: externalUserId }),
    ]);
    expect(await client.listDepartments()).toEqual([expect.objectContaining({ id: 1 })]);
    expect((await client.listUsers(1)).map((u) => u.userid)).toContain('rep1');
  });
});
