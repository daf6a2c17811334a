import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhoneProbeModel } from '../../models/conflicts/phone-probe.model.js';
import { RateLimitCounterModel } from '../../models/shared/rate-limit-counter.model.js';
import { counterReconcileJob } from '../../server/jobs/counter-reconcile.job.js';
import { json } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { makeEmployee, testConfig } from '../support/factories.js';
import { jobRunner } from '../support/jobs.js';

useTestDatabase();

// The embedded database has no TTL indexes: what MongoDB would expire on its own (the day's probes of
// masked numbers, spent rate-limit windows) is deleted by the nightly housekeeping instead, so those
// collections do not grow with every conflict check ever made.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ config: testConfig() });
});
afterAll(() => app.close());

describe('nightly housekeeping', () => {
  it('when the day of some conflict checks is over, then their phone probes and spent rate-limit windows are deleted, and today’s stay', async () => {
    const rep = await makeEmployee({ name: '查号码的人' });
    app.clock.set('2026-03-10T03:00:00Z');
    await json(await app.as(rep)('/api/conflicts/check', { method: 'POST', json: { phones: ['13811112222'] } }));
    await json(await app.as(rep)('/api/conflicts/check', { method: 'POST', json: { phones: ['13933334444'] } }));
    expect(await PhoneProbeModel.countDocuments()).toBe(2);
    // One per window of the conflict-check limit (60/min, 600/day).
    expect(await RateLimitCounterModel.countDocuments()).toBe(2);

    const run = jobRunner();
    // Later the same business day (the job's 03:40 fire is 19:40 UTC): the probes still count.
    // Only the minute window (30/min) has ended.
    const sameDay = await run(counterReconcileJob, '2026-03-10T15:00:00Z');
    expect(sameDay).toMatchObject({ pruned: { phoneProbes: 0, rateLimitWindows: 1 } });
    expect(await PhoneProbeModel.countDocuments()).toBe(2);

    app.clock.set('2026-03-11T03:00:00Z');
    await json(await app.as(rep)('/api/conflicts/check', { method: 'POST', json: { phones: ['13755556666'] } }));
    // 18:00 in Shanghai on the second day: the first day is over, the second is not.
    const summary = await run(counterReconcileJob, '2026-03-11T10:00:00Z');
    // The first day's day window, and the second day's minute window.
    expect(summary).toMatchObject({ pruned: { phoneProbes: 2, rateLimitWindows: 2 } });
    expect((await PhoneProbeModel.find().lean()).map((p) => p.numbers)).toEqual([['13755556666']]);
    // The second day's 600-a-day window is still counting.
    expect((await RateLimitCounterModel.find().lean()).map((c) => c._id)).toEqual([
      expect.stringMatching(/^conflict-check:.*:86400:/),
    ]);
  });
});
