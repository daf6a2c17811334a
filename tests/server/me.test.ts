import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { issueSessionToken } from '../../server/auth/session.js';
import { HOUR } from '../../models/shared/clock.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { makeEmployee } from '../support/factories.js';

useTestDatabase();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('GET /api/me and session tokens', () => {
  it('when a rep calls with a valid session, then it answers who they are and their pool usage', async () => {
    const rep = await makeEmployee({ name: '张三' });
    const res = await app.as(rep)('/api/me');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: '张三',
      role: 'rep',
      pool: { used: 0, capacity: 50, dailyClaimLimit: 10 },
    });
  });

  it('when there is no token, a forged one, or an expired one, then 401 UNAUTHENTICATED', async () => {
    const rep = await makeEmployee();
    const noToken = await app.as(null)('/api/me');
    const forged = await fetch(`${app.url}/api/me`, {
      headers: { authorization: `Bearer ${issueSessionToken('another-secret', rep._id, app.clock.now())}` },
    });
    const tampered = await fetch(`${app.url}/api/me`, {
      headers: { authorization: `Bearer ${app.tokenFor(rep).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}` },
    });
    const expiredToken = issueSessionToken(app.deps.sessionSecret, rep._id, app.clock.now(), 3600);
    app.clock.advance(2 * HOUR);
    const expired = await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${expiredToken}` } });
    for (const res of [noToken, forged, tampered, expired]) {
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('when the employee has resigned, then their session no longer works', async () => {
    const rep = await makeEmployee();
    const token = app.tokenFor(rep);
    await EmployeeModel.updateOne({ _id: rep._id }, { $set: { status: 'resigned' } });
    const res = await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });
});
