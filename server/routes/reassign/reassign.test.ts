import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../../models/customers/ledger-entry.model.js';
import { EmployeeModel, type Employee } from '../../../models/org/employee.model.js';
import { lockCustomer } from '../../../models/pool/lock-customer.js';
import { expectError, json, makeTeam, ownedCustomer, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { employeeContext, makeDepartment, makeEmployee, makePublicCustomer } from '../../../tests/support/factories.js';
import { contentOf, outbox } from '../../../tests/support/jobs.js';

// 分配/转交: a manager moves customers between the reps of the team, ops across teams; the receiver's
// capacity holds; the receiver and the previous owner are told; one ledger entry per customer.

useTestDatabase();
let app: TestApp;
let team: Team;
let otherManager: Employee;
let otherRep: Employee;
beforeAll(async () => {
  app = await startTestApp();
  team = await makeTeam();
  const otherDept = await makeDepartment({ name: 'KA二组' });
  otherManager = await makeEmployee({
    role: 'manager',
    name: '钱主管',
    mainDepartmentId: otherDept.deptId,
    leaderOfDepartmentIds: [otherDept.deptId],
  });
  otherRep = await makeEmployee({ name: '孙七', mainDepartmentId: otherDept.deptId });
});
afterAll(() => app.close());

type Outcome = { moved: { customerId: string; fromName: string; action: string }[]; refused: { code: string }[] };
const reassign = (who: Employee, body: unknown) =>
  app.as(who)('/api/customers/reassign', { method: 'POST', json: body });
const ids = (customers: { _id: unknown }[]) => customers.map((c) => String(c._id));

async function trace(customerIds: string[]) {
  const customers = await CustomerModel.find({ _id: { $in: customerIds } }, { ownerId: 1, version: 1 })
    .sort({ _id: 1 })
    .lean();
  return {
    owners: customers.map((c) => `${String(c.ownerId)}:${c.version}`),
    ledger: await LedgerEntryModel.countDocuments({ customerId: { $in: customerIds } }),
    counts: (await EmployeeModel.find({}, { privateCount: 1 }).sort({ _id: 1 }).lean()).map((e) => e.privateCount),
  };
}

describe('分配/转交 over HTTP', () => {
  it('when the manager moves two of a rep’s customers to another rep of the team, then both move with one ledger entry each and both reps are told once', async () => {
    const customers = [await ownedCustomer(app, team.rep, '杭州转交一号有限公司'), await ownedCustomer(app, team.rep)];
    const outcome = await json<Outcome>(
      await reassign(team.manager, {
        customerIds: ids(customers),
        toEmployeeId: String(team.other._id),
        reason: '张三转岗',
      }),
    );
    expect(outcome.moved.map((m) => [m.fromName, m.action])).toEqual([
      ['张三', 'transfer'],
      ['张三', 'transfer'],
    ]);
    expect(outcome.refused).toEqual([]);
    for (const c of customers) {
      expect((await CustomerModel.findById(c._id).lean())?.ownerId).toEqual(team.other._id);
      const entries = await LedgerEntryModel.find({ customerId: c._id, action: 'transfer' }).lean();
      expect(entries.map((e) => e.reason)).toEqual(['张三转岗']);
    }
    const received = await outbox('reassign', team.other.userId);
    expect(received).toHaveLength(1);
    expect(contentOf(received[0]!)).toContain('杭州转交一号有限公司');
    expect(contentOf(received[0]!)).toContain('王主管 把 2 个客户分配给你');
    const lost = await outbox('reassign', team.rep.userId);
    expect(lost).toHaveLength(1);
    expect(contentOf(lost[0]!)).toContain('转交给了 李四');
  });

  it('when the receiver has room for only one, then one moves and the other is refused with POOL_CAPACITY_FULL and stays', async () => {
    const dept = await makeDepartment({ name: '小库容组', rules: { capacity: 1 } });
    const lead = await makeEmployee({
      role: 'manager',
      mainDepartmentId: dept.deptId,
      leaderOfDepartmentIds: [dept.deptId],
    });
    const from = await makeEmployee({ name: '周一', mainDepartmentId: dept.deptId });
    const to = await makeEmployee({ name: '吴二', mainDepartmentId: dept.deptId });
    // The sending rep's own capacity is 1 too: two customers need two claims from two reps.
    const helper = await makeEmployee({ mainDepartmentId: dept.deptId });
    const customers = [await ownedCustomer(app, from), await ownedCustomer(app, helper)];
    const outcome = await json<Outcome>(
      await reassign(lead, { customerIds: ids(customers), toEmployeeId: String(to._id) }),
    );
    expect(outcome.moved.map((m) => m.customerId)).toEqual([String(customers[0]!._id)]);
    expect(outcome.refused.map((r) => r.code)).toEqual(['POOL_CAPACITY_FULL']);
    expect((await CustomerModel.findById(customers[1]!._id).lean())?.ownerId).toEqual(helper._id);
    expect((await EmployeeModel.findById(to._id).lean())?.privateCount).toBe(1);
    expect(await LedgerEntryModel.countDocuments({ customerId: customers[1]!._id, action: 'transfer' })).toBe(0);
  });

  it('when the input is bad, then 400 VALIDATION_FAILED in Chinese and nothing changes', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const before = await trace(ids([customer]));
    const to = String(team.other._id);
    for (const body of [
      { customerIds: [], toEmployeeId: to },
      { customerIds: ['nope'], toEmployeeId: to },
      { customerIds: ids([customer]) },
      { customerIds: ids([customer]), toEmployeeId: to, owner: 'x' },
      { customerIds: Array.from({ length: 101 }, () => String(customer._id)), toEmployeeId: to },
    ]) {
      await expectError(await reassign(team.manager, body), 400, 'VALIDATION_FAILED');
    }
    expect(await trace(ids([customer]))).toEqual(before);
  });

  it('when a rep, another team’s manager, or the manager into another team reassigns, then 403 FORBIDDEN and nothing changes; ops may move across teams', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const customerIds = ids([customer]);
    const before = await trace(customerIds);
    const attempts: [Employee, Employee][] = [
      [team.rep, team.other],
      [otherManager, otherRep],
      [otherManager, team.other],
      [team.manager, otherRep],
    ];
    for (const [who, to] of attempts) {
      const body = await expectError(
        await reassign(who, { customerIds, toEmployeeId: String(to._id) }),
        403,
        'FORBIDDEN',
      );
      expect((body.error.details?.refused as unknown[]).length).toBe(1);
    }
    expect(await trace(customerIds)).toEqual(before);
    await expectError(
      await reassign(team.manager, { customerIds, toEmployeeId: String(team.rep._id) }),
      409,
      'INVALID_STATE',
    );

    const moved = await json<Outcome>(await reassign(team.ops, { customerIds, toEmployeeId: String(otherRep._id) }));
    expect(moved.moved).toHaveLength(1);
    expect((await CustomerModel.findById(customer._id).lean())?.ownerDepartmentId).toBe(otherRep.mainDepartmentId);
  });

  it('when ops assigns a public customer, then the ledger says assign; a manager may not take one from the pool', async () => {
    const pub = await makePublicCustomer(app.clock.now());
    await expectError(
      await reassign(team.manager, { customerIds: ids([pub]), toEmployeeId: String(team.rep._id) }),
      403,
      'FORBIDDEN',
    );
    const outcome = await json<Outcome>(
      await reassign(team.ops, { customerIds: ids([pub]), toEmployeeId: String(team.rep._id), reason: '展会线索' }),
    );
    expect(outcome.moved[0]).toMatchObject({ action: 'assign', fromName: '' });
    expect(await LedgerEntryModel.countDocuments({ customerId: pub._id, action: 'assign' })).toBe(1);
  });

  it('when a locked customer moves within the team it stays locked; moved to another team, the lock ends', async () => {
    const a = await ownedCustomer(app, team.rep);
    const b = await ownedCustomer(app, team.rep);
    for (const c of [a, b]) {
      await lockCustomer(
        { customerId: c._id, reason: '重点' },
        employeeContext(team.manager, app.clock.now(), app.deps.config),
      );
    }
    await json(await reassign(team.manager, { customerIds: ids([a]), toEmployeeId: String(team.other._id) }));
    await json(await reassign(team.ops, { customerIds: ids([b]), toEmployeeId: String(otherRep._id) }));
    expect((await CustomerModel.findById(a._id).lean())?.locked).toBe(true);
    const moved = await CustomerModel.findById(b._id).lean();
    expect({ locked: moved?.locked, dated: moved?.protectedUntil != null }).toEqual({ locked: false, dated: true });
  });

  it('when the manager asks whom a customer may go to, then the team’s other members with their capacity; a rep gets nobody', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const { targets } = await json<{ targets: { name: string; capacity: number }[] }>(
      await app.as(team.manager)(`/api/customers/${String(customer._id)}/reassign-targets`),
    );
    expect(targets.map((t) => t.name).sort()).toEqual(['李四', '王主管'].sort());
    expect(targets[0]!.capacity).toBe(50);
    const none = await json<{ targets: unknown[] }>(
      await app.as(team.rep)(`/api/customers/${String(customer._id)}/reassign-targets`),
    );
    expect(none.targets).toEqual([]);
  });
});
