import type { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { EmployeeModel, type Employee } from '../../models/org/employee.model.js';
import { reserveClaim } from '../../models/pool/counters.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { flushAllLedgerOutboxes } from '../../models/customers/customer-change.js';
import { quarantineCustomer, restoreCustomer } from '../../models/customers/use-cases/quarantine-customer.js';
import { reconcilePoolCounters } from '../../models/pool/reconcile-counters.js';
import { expireStake, stakeCustomer, unstakeCustomer } from '../../models/pool/stake-customer.js';
import { transferCustomer, transferOnResignation } from '../../models/pool/transfer-customer.js';
import { updateCustomerProfile } from '../../models/customers/use-cases/update-profile.js';
import { DAY } from '../../models/shared/clock.js';
import { useTestDatabase } from '../support/database.js';
import {
  employeeContext,
  makeDepartment,
  makeEmployee,
  makePublicCustomer,
  makePublicCustomers,
  systemContext,
  testConfig,
} from '../support/factories.js';

useTestDatabase();
const now = new Date('2026-03-02T02:00:00Z');

async function team() {
  const dept = await makeDepartment();
  const manager = await makeEmployee({
    role: 'manager',
    leaderOfDepartmentIds: [dept.deptId],
    mainDepartmentId: dept.deptId,
  });
  const [a, b] = [
    await makeEmployee({ mainDepartmentId: dept.deptId }),
    await makeEmployee({ mainDepartmentId: dept.deptId }),
  ];
  return { dept, manager, a, b };
}

describe('creating customers', () => {
  it('when a rep creates a customer, then it is theirs, counts toward capacity and starts its history', async () => {
    const rep = await makeEmployee();
    const created = await createCustomer(
      { customer: { name: '杭州云帆信息技术有限公司', phones: ['+86 138-0013-8000'] }, into: 'private' },
      employeeContext(rep, now),
    );
    expect(created).toMatchObject({ poolState: 'private', phones: ['13800138000'] });
    expect((await EmployeeModel.findById(rep._id).lean())?.privateCount).toBe(1);
    expect((await LedgerEntryModel.find({ customerId: created._id }).lean()).map((e) => e.action)).toEqual(['create']);
  });

  it('when the same company already exists, then creation is refused with DUPLICATE_CUSTOMER naming it, and nothing is created', async () => {
    const rep = await makeEmployee();
    const existing = await makePublicCustomer(now, { name: '上海海纳贸易有限公司', creditCode: '91310000MA1FL1234Q' });
    const before = await CustomerModel.countDocuments();
    for (const name of ['上海海纳贸易有限公司', '上海海纳贸易有限公司 ']) {
      await expect(
        createCustomer({ customer: { name }, into: 'private' }, employeeContext(rep, now)),
      ).rejects.toMatchObject({ code: 'DUPLICATE_CUSTOMER', details: { customerId: String(existing._id) } });
    }
    await expect(
      createCustomer(
        { customer: { name: '海纳（上海）贸易', creditCode: '91310000ma1fl1234q' }, into: 'private' },
        employeeContext(rep, now),
      ),
    ).rejects.toMatchObject({ code: 'DUPLICATE_CUSTOMER' });
    expect(await CustomerModel.countDocuments()).toBe(before);
    expect((await EmployeeModel.findById(rep._id).lean())?.privateCount).toBe(0);
  });
});

describe('transfers by managers', () => {
  it('when a manager transfers a customer between reps, then ownership and both counters move, with one ledger entry', async () => {
    const { manager, a, b } = await team();
    const customer = await makePublicCustomer(now);
    await claimCustomer({ customerId: customer._id }, employeeContext(a, now));

    const moved = await transferCustomer(
      { customerId: customer._id, toEmployeeId: b._id, reason: '区域调整' },
      employeeContext(manager, now),
    );

    expect(String(moved.ownerId)).toBe(String(b._id));
    const counts = await EmployeeModel.find({ _id: { $in: [a._id, b._id] } }).lean();
    expect(Object.fromEntries(counts.map((e) => [String(e._id), e.privateCount]))).toEqual({
      [String(a._id)]: 0,
      [String(b._id)]: 1,
    });
    const entry = await LedgerEntryModel.findOne({ customerId: customer._id, action: 'transfer' }).lean();
    expect(entry).toMatchObject({ reason: '区域调整', actorKind: 'employee' });
    expect(String(entry?.actorId)).toBe(String(manager._id));
    expect(String((entry?.before as { ownerId: unknown }).ownerId)).toBe(String(a._id));
  });

  it('when the receiving rep is at capacity, then the transfer is refused and nothing moves', async () => {
    const config = testConfig({ POOL_CAPACITY: '1' });
    const { manager, a, b } = await team();
    const [c1, c2] = await makePublicCustomers(2, now);
    await claimCustomer({ customerId: c1!._id }, employeeContext(a, now, config));
    await claimCustomer({ customerId: c2!._id }, employeeContext(b, now, config));

    await expect(
      transferCustomer({ customerId: c1!._id, toEmployeeId: b._id }, employeeContext(manager, now, config)),
    ).rejects.toMatchObject({ code: 'POOL_CAPACITY_FULL' });
    expect(String((await CustomerModel.findById(c1!._id).lean())?.ownerId)).toBe(String(a._id));
    expect((await EmployeeModel.findById(b._id).lean())?.privateCount).toBe(1);
  });

  it('when a rep tries to transfer, or a manager of another team does, then FORBIDDEN', async () => {
    const { a, b } = await team();
    const other = await team();
    const customer = await makePublicCustomer(now);
    await claimCustomer({ customerId: customer._id }, employeeContext(a, now));
    await expect(
      transferCustomer({ customerId: customer._id, toEmployeeId: b._id }, employeeContext(a, now)),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      transferCustomer({ customerId: customer._id, toEmployeeId: other.a._id }, employeeContext(other.manager, now)),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('when a rep resigns, then each customer goes to its named heir or the pool, and a full heir is reported without stopping the rest', async () => {
    const config = testConfig({ POOL_CAPACITY: '3' });
    const { a: leaver, b: heir } = await team();
    const full = await makeEmployee();
    const customers = await makePublicCustomers(5, now);
    for (const c of customers) {
      await claimCustomer({ customerId: c._id }, employeeContext(leaver, now, testConfig()));
    }
    for (const c of await makePublicCustomers(3, now)) {
      await claimCustomer({ customerId: c._id }, employeeContext(full, now, config));
    }
    const assignments = new Map<string, Types.ObjectId | string>([
      [String(customers[3]!._id), 'pool'],
      [String(customers[4]!._id), full._id],
    ]);

    const outcome = await transferOnResignation(
      { fromEmployeeId: leaver._id, defaultTarget: heir._id, assignments },
      systemContext(now, config, 'handover'),
    );

    expect(outcome.inherited).toHaveLength(3);
    expect(outcome.released).toEqual([String(customers[3]!._id)]);
    expect(outcome.failed).toEqual([
      expect.objectContaining({ customerId: String(customers[4]!._id), code: 'POOL_CAPACITY_FULL' }),
    ]);
    expect(await CustomerModel.countDocuments({ ownerId: heir._id })).toBe(3);
    expect(await LedgerEntryModel.countDocuments({ action: 'inherit' })).toBe(3);
    expect((await EmployeeModel.findById(leaver._id).lean())?.privateCount).toBe(1);
  });
});

describe('staking (占坑)', () => {
  it('when a rep stakes customers, then the stake allowance is capacity × multiple and the deadline returns ungreened ones', async () => {
    const config = testConfig({ POOL_CAPACITY: '2', POOL_STAKE_MULTIPLE: '2', POOL_STAKE_DEADLINE_DAYS: '14' });
    const rep = await makeEmployee();
    const customers = await makePublicCustomers(5, now);
    for (const c of customers.slice(0, 4)) {
      await stakeCustomer({ customerId: c._id }, employeeContext(rep, now, config));
    }
    await expect(
      stakeCustomer({ customerId: customers[4]!._id }, employeeContext(rep, now, config)),
    ).rejects.toMatchObject({ code: 'STAKE_CAPACITY_FULL' });
    // Another rep cannot claim a staked customer.
    const other = await makeEmployee();
    await expect(
      claimCustomer({ customerId: customers[0]!._id }, employeeContext(other, now, config)),
    ).rejects.toMatchObject({ code: 'ALREADY_OWNED' });

    // Greening one: fill in the profile far enough.
    await updateCustomerProfile(
      {
        customerId: customers[1]!._id,
        changes: {
          industry: '制造业',
          region: '江苏',
          address: '苏州工业园区星湖街1号',
          creditCode: '91320594MA1MXXXX16',
          boss: '周总',
          phones: ['051266668888'],
          profile: { scale: '200人', mainBusiness: '精密零件', budget: '20万' },
        },
      },
      employeeContext(rep, now, config),
    );
    await unstakeCustomer({ customerId: customers[2]!._id }, employeeContext(rep, now, config));

    const deadline = new Date(now.getTime() + 15 * DAY);
    const expired = await Promise.all(
      customers.slice(0, 4).map((c) => expireStake({ customerId: c._id }, systemContext(deadline, config))),
    );
    expect(expired.map((e) => e?.poolState ?? null)).toEqual(['public', null, null, 'public']);
    expect((await CustomerModel.findById(customers[1]!._id).lean())?.poolState).toBe('staked');
    expect((await EmployeeModel.findById(rep._id).lean())?.stakedCount).toBe(1);
  });

  it('when the staker claims their staked customer, then it moves into the private pool', async () => {
    const rep = await makeEmployee();
    const customer = await makePublicCustomer(now);
    await stakeCustomer({ customerId: customer._id }, employeeContext(rep, now));
    const claimed = await claimCustomer({ customerId: customer._id }, employeeContext(rep, now));
    expect(claimed).toMatchObject({ poolState: 'private', stakedBy: null });
    expect(await EmployeeModel.findById(rep._id).lean()).toMatchObject({ privateCount: 1, stakedCount: 0 });
  });
});

describe('data cleaning and integrity', () => {
  it("when ops quarantine a dirty customer, then it leaves the owner's pool, cannot be claimed, and can be restored", async () => {
    const ops = await makeEmployee({ role: 'ops' });
    const rep = await makeEmployee();
    const customer = await makePublicCustomer(now);
    await claimCustomer({ customerId: customer._id }, employeeContext(rep, now));

    await quarantineCustomer({ customerId: customer._id, reason: '空壳公司，电话空号' }, employeeContext(ops, now));
    expect((await EmployeeModel.findById(rep._id).lean())?.privateCount).toBe(0);
    const other = await makeEmployee();
    await expect(claimCustomer({ customerId: customer._id }, employeeContext(other, now))).rejects.toMatchObject({
      code: 'CUSTOMER_QUARANTINED',
    });
    await expect(
      quarantineCustomer({ customerId: customer._id, reason: 'x' }, employeeContext(rep, now)),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const restored = await restoreCustomer({ customerId: customer._id }, employeeContext(ops, now));
    expect(restored).toMatchObject({ poolState: 'public', dataQuality: 'doubtful' });
  });

  it('when a claim is in flight (its unit reserved, the customer not yet written), then the reconciler does not lower the counter under it', async () => {
    const rep = await makeEmployee();
    const [customer] = await makePublicCustomers(1, now);
    await claimCustomer({ customerId: customer!._id }, employeeContext(rep, now));
    // The second claim has reserved its unit and is about to write its customer.
    const asRead = (await EmployeeModel.findById(rep._id).lean<Employee>())!;
    await reserveClaim(asRead, { capacity: 50, dailyClaimLimit: 100 }, new Date(), 'Asia/Shanghai');

    const report = await reconcilePoolCounters({ settleMs: 10 });
    expect(report.drifts.filter((d) => d.employeeId === String(rep._id))).toEqual([
      expect.objectContaining({ counter: 'privateCount', recorded: 2, actual: 1, repaired: false }),
    ]);
    expect((await EmployeeModel.findById(rep._id).lean())?.privateCount).toBe(2);

    // Long after, nothing is in flight any more: the unit a failed change never gave back is repaired.
    await EmployeeModel.updateOne({ _id: rep._id }, { $set: { reservedAt: new Date(Date.now() - 60_000) } });
    await reconcilePoolCounters({ settleMs: 10 });
    expect((await EmployeeModel.findById(rep._id).lean())?.privateCount).toBe(1);
  });

  it('when a counter drifts (e.g. after a crash), then the reconciler reports and repairs it', async () => {
    const rep = await makeEmployee();
    for (const c of await makePublicCustomers(3, now)) {
      await claimCustomer({ customerId: c._id }, employeeContext(rep, now));
    }
    // A crash a minute ago left the counters too high.
    await EmployeeModel.updateOne(
      { _id: rep._id },
      { $set: { privateCount: 7, stakedCount: 2, reservedAt: new Date(Date.now() - 60_000) } },
    );

    const dry = await reconcilePoolCounters({ dryRun: true, settleMs: 10 });
    expect(dry.drifts.filter((d) => d.employeeId === String(rep._id))).toHaveLength(2);
    expect((await EmployeeModel.findById(rep._id).lean())?.privateCount).toBe(7);

    const report = await reconcilePoolCounters({ settleMs: 10 });
    expect(report.drifts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          employeeId: String(rep._id),
          counter: 'privateCount',
          recorded: 7,
          actual: 3,
          repaired: true,
        }),
        expect.objectContaining({
          employeeId: String(rep._id),
          counter: 'stakedCount',
          recorded: 2,
          actual: 0,
          repaired: true,
        }),
      ]),
    );
    expect(await EmployeeModel.findById(rep._id).lean()).toMatchObject({ privateCount: 3, stakedCount: 0 });
  });

  it("when a crash left ledger entries in a customer's outbox, then flushing writes each exactly once", async () => {
    const customer = await makePublicCustomer(now);
    const entry = {
      _id: `${String(customer._id)}:99`,
      customerId: customer._id,
      action: 'claim',
      actorKind: 'system',
      actorId: null,
      actorName: 'test',
      reason: '',
      before: {},
      after: {},
      at: now,
    };
    await CustomerModel.updateOne({ _id: customer._id }, { $push: { ledgerOutbox: entry } });
    // The outbox may also still hold the creation's entry, already copied (the next change or this flush drops it).
    const outbox = (await CustomerModel.findById(customer._id).lean())!.ledgerOutbox.map((e) => e._id);
    expect(outbox).toContain(entry._id);
    expect(await flushAllLedgerOutboxes()).toBe(outbox.length);
    expect(await flushAllLedgerOutboxes()).toBe(0);
    for (const id of outbox) {
      expect(await LedgerEntryModel.countDocuments({ _id: id })).toBe(1);
    }
    expect((await CustomerModel.findById(customer._id).lean())?.ledgerOutbox).toEqual([]);
  });

  it('when anything tries to edit or delete a ledger entry, then it is refused', async () => {
    const customer = await makePublicCustomer(now);
    await expect(
      LedgerEntryModel.updateOne({ customerId: customer._id }, { $set: { reason: 'rewritten' } }),
    ).rejects.toThrow(/append-only/);
    await expect(LedgerEntryModel.deleteMany({ customerId: customer._id })).rejects.toThrow(/append-only/);
    expect(await LedgerEntryModel.countDocuments({ customerId: customer._id })).toBe(1);
  });
});
