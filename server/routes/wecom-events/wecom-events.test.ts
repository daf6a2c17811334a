import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomEventModel } from '../../../models/wecom/wecom-event.model.js';
import { expectError } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { makeEmployee } from '../../../tests/support/factories.js';

useTestDatabase();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('GET /api/ops/wecom-events and retry', () => {
  it('when ops look at failed events, then they see why, and a retry puts the event back in the queue', async () => {
    const ops = await makeEmployee({ role: 'ops' });
    const at = app.clock.now();
    await WecomEventModel.create([
      {
        _id: 'e1',
        event: 'change_external_contact',
        changeType: 'add_external_contact',
        xml: '<xml/>',
        fields: {},
        receivedAt: at,
        nextAttemptAt: at,
        status: 'failed',
        attempts: 8,
        lastError: 'WECOM_UNAVAILABLE: 暂时无法连接企业微信',
      },
      {
        _id: 'e2',
        event: 'change_external_contact',
        changeType: 'edit_external_contact',
        xml: '<xml/>',
        fields: {},
        receivedAt: at,
        nextAttemptAt: at,
        status: 'done',
        attempts: 1,
      },
    ]);
    const list = await app.as(ops)('/api/ops/wecom-events?status=failed');
    expect(list.status).toBe(200);
    const body = (await list.json()) as {
      counts: Record<string, number>;
      events: { _id: string; lastError: string }[];
    };
    expect(body.counts).toEqual({ failed: 1, done: 1 });
    expect(body.events).toMatchObject([
      { _id: 'e1', lastError: expect.stringContaining('WECOM_UNAVAILABLE') as string },
    ]);

    expect((await app.as(ops)('/api/ops/wecom-events/e1/retry', { method: 'POST' })).status).toBe(200);
    expect(await WecomEventModel.findById('e1').lean()).toMatchObject({ status: 'pending', attempts: 0 });
    await expectError(await app.as(ops)('/api/ops/wecom-events/e2/retry', { method: 'POST' }), 409, 'INVALID_STATE');
  });

  it('when ops retry an event that does not exist, then 404 NOT_FOUND, not "not failed"', async () => {
    const ops = await makeEmployee({ role: 'ops' });
    await expectError(
      await app.as(ops)('/api/ops/wecom-events/no-such-event/retry', { method: 'POST' }),
      404,
      'NOT_FOUND',
    );
    expect(await WecomEventModel.countDocuments({ _id: 'no-such-event' })).toBe(0);
  });

  it('when a rep asks, then 403', async () => {
    const rep = await makeEmployee();
    expect((await app.as(rep)('/api/ops/wecom-events')).status).toBe(403);
  });
});
