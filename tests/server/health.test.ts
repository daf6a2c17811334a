import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../config/logger.js';
import { manualClock } from '../../models/shared/clock.js';
import { createApp } from '../../server/app.js';
import { createWecomClient } from '../../server/wecom/wecom.client.js';
import { useTestDatabase } from '../support/database.js';
import { testConfig } from '../support/factories.js';
import { listen, type TestServer } from '../support/http.js';

const db = useTestDatabase();
let server: TestServer;

beforeAll(async () => {
  server = await listen(
    createApp({
      config: testConfig(),
      clock: manualClock('2026-03-02T02:00:00Z'),
      log: silentLogger,
      sessionSecret: 'test-secret',
      wecom: createWecomClient({ apiBase: 'http://127.0.0.1:9/cgi-bin', credentials: undefined }),
      health: { bot: () => ({ state: 'offline' }) },
    }),
  );
});
afterAll(() => server.close());

describe('GET /healthz', () => {
  it('when the database is up, then it answers 200 with db "up" and the mode', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      db: 'up',
      mode: 'local',
      bot: { state: 'offline' },
      time: '2026-03-02T02:00:00.000Z',
    });
  });

  it('when the database is down, then it answers 503 with db "down", and recovers when it is back', async () => {
    await mongoose.disconnect();
    const down = await fetch(`${server.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'degraded', db: 'down' });
    await mongoose.connect(db.uri());
    const up = await fetch(`${server.url}/healthz`);
    expect(up.status).toBe(200);
  });

  it('when a route does not exist, then it answers 404 and carries a request id', async () => {
    const res = await fetch(`${server.url}/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });
});
