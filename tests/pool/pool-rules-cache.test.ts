import mongoose, { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { CompanySettingsModel } from '../../models/org/company-settings.model.js';
import { DepartmentModel } from '../../models/org/department.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { poolRulesResolver, seedCompanyDefaults } from '../../models/pool/pool-rules.js';
import { STAMP_TRUST_MS } from '../../models/org/rules-version.js';
import { useTestDatabase } from '../support/database.js';
import {
  employeeContext,
  makeDepartment,
  makeEmployee,
  makePublicCustomers,
  testConfig,
} from '../support/factories.js';

// Every process keeps the pool rules it resolved while the rules version holds (models/org/rules-version.ts):
// a change made through this process must apply to the very next operation, as it did when every operation read
// the rules afresh; one made by another instance (writing the same database) within the second a stamp read is
// trusted.

useTestDatabase();

const now = new Date('2026-03-02T02:00:00Z');

describe('pool rules kept per process', () => {
  it("when a department's capacity is lowered after claims under it, then the next claim meets the new capacity", async () => {
    const config = testConfig(); // one configuration for the whole run, as a server has
    await seedCompanyDefaults(config); // as every server does at start-up
    const team = await makeDepartment({ rules: { capacity: 5 } });
    const rep = await makeEmployee({ mainDepartmentId: team.deptId });
    const customers = await makePublicCustomers(3, now);
    await claimCustomer({ customerId: customers[0]!._id }, employeeContext(rep, now, config));
    await claimCustomer({ customerId: customers[1]!._id }, employeeContext(rep, now, config));

    await DepartmentModel.updateOne({ deptId: team.deptId }, { $set: { 'rules.capacity': 2 } });

    await expect(
      claimCustomer({ customerId: customers[2]!._id }, employeeContext(rep, now, config)),
    ).rejects.toMatchObject({ code: 'POOL_CAPACITY_FULL' });
  });

  it("when another instance lowers a department's capacity, then claims here meet it within a second", async () => {
    const config = testConfig();
    await seedCompanyDefaults(config);
    const team = await makeDepartment({ rules: { capacity: 5 } });
    const rep = await makeEmployee({ mainDepartmentId: team.deptId });
    const customers = await makePublicCustomers(3, now);
    await claimCustomer({ customerId: customers[0]!._id }, employeeContext(rep, now, config));
    await claimCustomer({ customerId: customers[1]!._id }, employeeContext(rep, now, config));

    // What another instance's write leaves in the database: the department changed, then a new stamp.
    await DepartmentModel.collection.updateOne({ deptId: team.deptId }, { $set: { 'rules.capacity': 2 } });
    await mongoose.connection
      .collection<{ _id: string }>('settings_versions')
      .updateOne({ _id: 'pool-rules' }, { $set: { rulesVersion: new Types.ObjectId() } }, { upsert: true });
    await new Promise((resolve) => setTimeout(resolve, STAMP_TRUST_MS + 50));

    await expect(
      claimCustomer({ customerId: customers[2]!._id }, employeeContext(rep, now, config)),
    ).rejects.toMatchObject({ code: 'POOL_CAPACITY_FULL' });
  });

  it('when a team moves under another parent, then its rules are inherited from the new parent', async () => {
    const config = testConfig();
    await seedCompanyDefaults(config);
    const small = await makeDepartment({ rules: { dailyClaimLimit: 1 } });
    const large = await makeDepartment({ rules: { dailyClaimLimit: 10 } });
    const team = await makeDepartment({ parentId: small.deptId });
    const rep = await makeEmployee({ mainDepartmentId: team.deptId });
    const customers = await makePublicCustomers(2, now);
    await claimCustomer({ customerId: customers[0]!._id }, employeeContext(rep, now, config));
    await expect(
      claimCustomer({ customerId: customers[1]!._id }, employeeContext(rep, now, config)),
    ).rejects.toMatchObject({ code: 'DAILY_CLAIM_LIMIT' });

    await DepartmentModel.findOneAndUpdate({ deptId: team.deptId }, { $set: { parentId: large.deptId } });

    await claimCustomer({ customerId: customers[1]!._id }, employeeContext(rep, now, config));
  });

  it('when sales ops changes the company rules, then every resolver made afterwards applies them', async () => {
    const config = testConfig();
    await seedCompanyDefaults(config);
    const team = await makeDepartment();
    expect((await poolRulesResolver(config)(team.deptId)).stakeDeadlineDays).toBe(
      config.poolDefaults.stakeDeadlineDays,
    );

    await CompanySettingsModel.updateOne(
      { _id: 'company' },
      { $set: { 'poolRules.stakeDeadlineDays': 3 } },
      { upsert: true },
    );

    expect((await poolRulesResolver(config)(team.deptId)).stakeDeadlineDays).toBe(3);
    expect((await poolRulesResolver(config)(null)).stakeDeadlineDays).toBe(3);
  });
});
