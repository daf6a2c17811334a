import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureIndexes } from '../../models/shared/db/database.js';
import { startLocalMongo, type LocalMongo } from '../../models/shared/db/local-mongo.js';
import { WecomEventModel } from '../../models/wecom/wecom-event.model.js';
import { callbackUrl, eventXml, signedCallback } from '../../server/wecom/emulator/emulator-callbacks.js';
import { expectError } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeEmployee } from '../support/factories.js';
import { testCorp, wecomTestConfig } from '../support/wecom.js';

// The app on a database server of its own that then goes away (as when it restarts or fails over):
// requests get a clean 503 the caller can retry, never a 500 and never a 200 for what was not stored.

let db: LocalMongo;
let app: TestApp;

beforeAll(async () => {
  db = await startLocalMongo({ storage: 'memory' });
  // A fresh server's first answer may take longer than the outage's short timeout on a loaded machine.
  const first = await new mongoose.mongo.MongoClient(db.uri).connect();
  await first.close();
  await mongoose.connect(`${db.uri}/outage`, { serverSelectionTimeoutMS: 300 });
  await ensureIndexes();
  app = await startTestApp({ config: wecomTestConfig('http://127.0.0.1:9/cgi-bin') });
});
afterAll(async () => {
  await app.close();
  await mongoose.disconnect();
  await db.stop();
});

describe('while the database is unreachable', () => {
  it('when a rep calls the API or WeCom posts a callback, then 503 DATABASE_UNAVAILABLE with Retry-After, and once it is back they succeed', async () => {
    const rep = await makeEmployee({ name: '张三' });
    const xml = eventXml(testCorp, app.clock.now(), {
      Event: 'change_external_contact',
      ChangeType: 'add_external_contact',
      UserID: rep.userId,
      ExternalUserID: 'wmOutage',
    });
    const postCallback = () => {
      const callback = signedCallback(testCorp, xml, app.clock.now());
      return fetch(callbackUrl(`${app.url}/wecom/callback`, callback.query), { method: 'POST', body: callback.body });
    };
    await db.stop();

    const me = await app.as(rep)('/api/me');
    expect(me.headers.get('retry-after')).toBe('5');
    await expectError(me, 503, 'DATABASE_UNAVAILABLE');
    await expectError(await postCallback(), 503, 'DATABASE_UNAVAILABLE');
    expect((await fetch(`${app.url}/healthz`)).status).toBe(503);

    // A database server answers on the same address again (empty: it kept nothing in memory): the app
    // uses it without being restarted or reconnected.
    db = await startLocalMongo({ storage: 'memory', port: db.port });
    expect((await postCallback()).status).toBe(200);
    expect(await WecomEventModel.countDocuments()).toBe(1);
  });
});
