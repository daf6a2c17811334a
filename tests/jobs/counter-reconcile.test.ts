import { describe, expect, it } from 'vitest';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { JobRunModel } from '../../models/shared/job-run.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { counterReconcileJob } from '../../server/jobs/counter-reconcile.job.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer } from '../support/factories.js';
import { jobRunner } from '../support/jobs.js';

useTestDatabase();

describe('the nightly counter reconciler', () => {
  it("when a rep's pool counter has drifted from their customers, then the job reports the drift, repairs it, and prunes old job records", async () => {
    const now = new Date('2026-03-10T19:40:00Z');
    const rep = await makeEmployee({ name: '计数漂移' });
    for (const name of ['计数甲有限公司', '计数乙有限公司']) {
      const c = await makePublicCustomer(now, { name });
      await claimCustomer({ customerId: c._id }, employeeContext(rep, now));
    }
    // A crash a minute ago between a counter update and its customer update left the counter one too high.
    await EmployeeModel.updateOne(
      { _id: rep._id },
      { $set: { privateCount: 3, reservedAt: new Date(Date.now() - 60_000) } },
    );
    await JobRunModel.create([
      {
        _id: 'drop-sweep:old',
        job: 'drop-sweep',
        firedAt: new Date('2026-01-01T00:00:00Z'),
        instance: 'a',
        status: 'done',
        startedAt: now,
        leaseUntil: now,
      },
      {
        _id: 'drop-sweep:recent',
        job: 'drop-sweep',
        firedAt: new Date('2026-03-09T00:00:00Z'),
        instance: 'a',
        status: 'done',
        startedAt: now,
        leaseUntil: now,
      },
    ]);
    const run = jobRunner();

    const dry = await run(counterReconcileJob, now, true);
    expect((await EmployeeModel.findById(rep._id).lean())?.privateCount).toBe(3);
    const summary = await run(counterReconcileJob, now);

    expect(dry).toMatchObject({ drifts: 1, repaired: 0 });
    expect(summary).toMatchObject({
      drifts: 1,
      repaired: 1,
      pruned: { jobRuns: 1, marks: 0 },
      driftSample: [{ name: '计数漂移', counter: 'privateCount', recorded: 3, actual: 2, repaired: true }],
    });
    expect((await EmployeeModel.findById(rep._id).lean())?.privateCount).toBe(2);
    expect((await JobRunModel.find({}).lean()).map((r) => r._id)).toEqual(['drop-sweep:recent']);
  });
});
