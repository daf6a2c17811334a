import { describe, expect, it } from 'vitest';
import { reviewFor } from '../../models/digest/compute-digest.js';
import { CompanySettingsModel } from '../../models/org/company-settings.model.js';
import { DepartmentModel } from '../../models/org/department.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { useTestDatabase } from '../support/database.js';
import {
  employeeContext,
  makeDepartment,
  makeEmployee,
  makePublicCustomer,
  systemContext,
} from '../support/factories.js';

useTestDatabase();

// The review keeps the department tree and the review settings per process while nothing changes them: a change
// made through the models applies to the very next review.
const reviewTime = new Date('2026-03-10T18:30:00+08:00');

describe('the evening review after the org or the settings change', () => {
  it('when a sub-team is added under a manager’s team or the team is renamed, then the next review covers its reps and says the new name', async () => {
    await makeDepartment({ deptId: 5001, name: '西南一组', parentId: 1 });
    const manager = await makeEmployee({ role: 'manager', mainDepartmentId: 5001, leaderOfDepartmentIds: [5001] });
    const first = await makeEmployee({ name: '赵一', mainDepartmentId: 5001 });
    const customer = await makePublicCustomer(reviewTime);
    await claimCustomer({ customerId: customer._id }, employeeContext(first, new Date('2026-03-10T10:00:00+08:00')));
    const before = await reviewFor(String(manager._id), systemContext(reviewTime));
    expect(before?.reps.map((r) => r.name)).toEqual(['赵一']);
    expect(before?.scope).toMatchObject({ name: '西南一组', departmentIds: [5001] });

    await makeDepartment({ deptId: 5002, name: '成都小组', parentId: 5001 });
    await makeEmployee({ name: '钱二', mainDepartmentId: 5002 });
    await DepartmentModel.updateOne({ deptId: 5001 }, { $set: { name: '西南大区' } });
    const after = await reviewFor(String(manager._id), systemContext(reviewTime));

    expect(after?.reps.map((r) => r.name).sort()).toEqual(['赵一', '钱二'].sort());
    expect(after?.scope).toMatchObject({ name: '西南大区', departmentIds: [5001, 5002] });
    expect(after?.team.totals.capacityUsed).toBe(1);
  });

  it('when ops change the alarm days in the company settings, then the next review uses them', async () => {
    await makeDepartment({ deptId: 6001, name: '东北组', parentId: 1 });
    const manager = await makeEmployee({ role: 'manager', mainDepartmentId: 6001, leaderOfDepartmentIds: [6001] });
    await makeEmployee({ mainDepartmentId: 6001 });
    expect((await reviewFor(String(manager._id), systemContext(reviewTime)))?.team.alarm.days).toBe(3);

    await CompanySettingsModel.updateOne(
      { _id: 'company' },
      { $set: { 'review.noNewAClassAlarmDays': 5 } },
      { upsert: true },
    );

    expect((await reviewFor(String(manager._id), systemContext(reviewTime)))?.team.alarm.days).toBe(5);
  });
});
