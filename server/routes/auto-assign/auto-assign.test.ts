import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditEntryModel } from '../../../models/org/audit-entry.model.js';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../../models/customers/ledger-entry.model.js';
import { importCustomers } from '../../../models/customers/use-cases/import-customers.js';
import { routeInboundLead } from '../../../models/leads/route-inbound-lead.js';
import { DepartmentModel } from '../../../models/org/department.model.js';
import { EmployeeModel, type Employee } from '../../../models/org/employee.model.js';
import { expectError, json } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { makeDepartment, makeEmployee, systemContext } from '../../../tests/support/factories.js';
import { contentOf, outbox } from '../../../tests/support/jobs.js';

// 线索自动分配: ops set a department's rule over HTTP; new unowned leads (inbound, imports without an
// owner) go to its reps in turn, by weight or by territory, within per-rep daily caps, skipping the
// away, the resigned and the full.

useTestDatabase();
let app: TestApp;
let ops: Employee;
let manager: Employee;
let deptId: number;
let reps: Employee[];
beforeAll(async () => {
  app = await startTestApp();
  ops = await makeEmployee({ role: 'ops', name: '运营小周' });
});
afterAll(() => app.close());

beforeEach(async () => {
  const dept = await makeDepartment({ name: '线索组' });
  deptId = dept.deptId;
  manager = await makeEmployee({ role: 'manager', mainDepartmentId: deptId, leaderOfDepartmentIds: [deptId] });
  reps = [];
  for (const name of ['甲', '乙', '丙'])
    reps.push(await makeEmployee({ name: `销售${name}`, mainDepartmentId: deptId }));
  await json(await app.as(ops)('/api/console/lead-department', { method: 'PUT', json: { departmentId: deptId } }));
});

const setRule = (who: Employee, body: unknown) =>
  app.as(who)(`/api/console/auto-assign/${deptId}`, { method: 'PUT', json: body });
let leadNo = 0;
async function inbound(fields: { region?: string; industry?: string } = {}) {
  const n = ++leadNo;
  const routed = await routeInboundLead(
    { leadId: `form-${n}`, source: 'website', customer: { name: `自动分配测试${n}号有限公司`, ...fields } },
    systemContext(app.clock.now(), app.deps.config),
  );
  return (await CustomerModel.findById(routed.lead.customerId).lean())!;
}
const ownerName = (c: { ownerId?: unknown }) => reps.find((r) => String(r._id) === String(c.ownerId))?.name ?? '公海';

describe('the auto-assignment rule over HTTP', () => {
  it('when ops set round-robin, then it is saved and audited; a manager is refused and bad input is 400 with nothing saved', async () => {
    await json(await setRule(ops, { mode: 'round-robin', dailyCap: 3, reason: '开启自动分配' }));
    expect((await DepartmentModel.findOne({ deptId }).lean())?.autoAssign).toMatchObject({
      mode: 'round-robin',
      dailyCap: 3,
    });
    expect(await AuditEntryModel.countDocuments({ action: 'auto-assign', subject: `department:${deptId}` })).toBe(1);
    await expectError(await setRule(manager, { mode: 'off', dailyCap: 3 }), 403, 'FORBIDDEN');
    for (const body of [
      { mode: 'random', dailyCap: 3 },
      { mode: 'round-robin', dailyCap: 0 },
      { mode: 'weighted', dailyCap: 3, members: [{ employeeId: 'x', weight: 1 }] },
      { mode: 'region', dailyCap: 3, members: [{ employeeId: String(reps[0]!._id) }] },
      {
        mode: 'round-robin',
        dailyCap: 3,
        members: [{ employeeId: String(reps[0]!._id) }, { employeeId: String(reps[0]!._id) }],
      },
    ]) {
      await expectError(await setRule(ops, body), 400, 'VALIDATION_FAILED');
    }
    expect((await DepartmentModel.findOne({ deptId }).lean())?.autoAssign?.mode).toBe('round-robin');
    const { departments } = await json<{ departments: { deptId: number }[] }>(
      await app.as(manager)('/api/console/auto-assign'),
    );
    expect(departments.map((d) => d.deptId)).toEqual([deptId]);
  });

  it('when leads arrive under round-robin, then each rep gets one in turn, with an assign entry and a message', async () => {
    await json(await setRule(ops, { mode: 'round-robin', dailyCap: 5 }));
    const leads = [await inbound(), await inbound(), await inbound(), await inbound()];
    expect(leads.map(ownerName)).toEqual(['销售甲', '销售乙', '销售丙', '销售甲']);
    const entry = await LedgerEntryModel.findOne({ customerId: leads[0]!._id, action: 'assign' }).lean();
    expect(entry?.reason).toBe('自动分配（轮流分配）');
    expect(contentOf((await outbox('lead', reps[1]!.userId))[0]!)).toContain('已自动分配给你');
  });

  it('when a rep is away, resigned or at the daily cap, then they are skipped; with everyone capped the lead waits in the pool', async () => {
    await json(await setRule(ops, { mode: 'round-robin', dailyCap: 2 }));
    const away = { away: { reason: '年假' } };
    await json(
      await app.as(manager)(`/api/console/people/${String(reps[1]!._id)}/away`, { method: 'PUT', json: away }),
    );
    await EmployeeModel.updateOne({ _id: reps[2]!._id }, { $set: { status: 'resigned' } });
    const leads = [await inbound(), await inbound(), await inbound()];
    expect(leads.map(ownerName)).toEqual(['销售甲', '销售甲', '公海']);
    expect(leads[2]!.poolState).toBe('public');
    // Back from leave, 乙 takes the next one.
    await json(
      await app.as(manager)(`/api/console/people/${String(reps[1]!._id)}/away`, {
        method: 'PUT',
        json: { away: null },
      }),
    );
    expect(ownerName(await inbound())).toBe('销售乙');
    // Another rep may not mark 乙 away.
    await expectError(
      await app.as(reps[0]!)(`/api/console/people/${String(reps[1]!._id)}/away`, { method: 'PUT', json: away }),
      403,
      'FORBIDDEN',
    );
  });

  it('when every rep’s private pool is full, then the next lead waits in the pool and capacity is never exceeded', async () => {
    await DepartmentModel.updateOne({ deptId }, { $set: { 'rules.capacity': 1 } });
    await json(await setRule(ops, { mode: 'round-robin', dailyCap: 5 }));
    const leads = [await inbound(), await inbound(), await inbound(), await inbound()];
    expect(leads.map(ownerName)).toEqual(['销售甲', '销售乙', '销售丙', '公海']);
    const counts = await EmployeeModel.find({ _id: { $in: reps.map((r) => r._id) } }, { privateCount: 1 }).lean();
    expect(counts.map((c) => c.privateCount)).toEqual([1, 1, 1]);
  });

  it('when the rule is weighted 3:1, then of eight leads the first rep gets six and the second two', async () => {
    const members = [
      { employeeId: String(reps[0]!._id), weight: 3 },
      { employeeId: String(reps[1]!._id), weight: 1 },
    ];
    await json(await setRule(ops, { mode: 'weighted', dailyCap: 10, members }));
    const owners: string[] = [];
    for (let i = 0; i < 8; i++) owners.push(ownerName(await inbound()));
    expect(owners.filter((o) => o === '销售甲')).toHaveLength(6);
    expect(owners.filter((o) => o === '销售乙')).toHaveLength(2);
  });

  it('when the rule goes by region, then a lead goes to the rep covering it, and one nobody covers waits in the pool', async () => {
    const members = [
      { employeeId: String(reps[0]!._id), territories: ['浙江'] },
      { employeeId: String(reps[1]!._id), territories: ['江苏', '上海'] },
    ];
    await json(await setRule(ops, { mode: 'region', dailyCap: 10, members }));
    const leads = [
      await inbound({ region: '浙江杭州' }),
      await inbound({ region: '上海' }),
      await inbound({ region: '广东深圳' }),
    ];
    expect(leads.map(ownerName)).toEqual(['销售甲', '销售乙', '公海']);
  });

  it('when the rule is off, then new leads wait in the public pool', async () => {
    await json(await setRule(ops, { mode: 'off', dailyCap: 5 }));
    expect((await inbound()).poolState).toBe('public');
  });

  it('when a file without an owner column is imported, then its rows are assigned by the rule', async () => {
    await json(await setRule(ops, { mode: 'round-robin', dailyCap: 5 }));
    const report = await importCustomers(
      [1, 2, 3].map((i) => ({ line: i + 1, name: `导入自动分配${leadNo}-${i}有限公司` })),
      systemContext(app.clock.now(), app.deps.config),
      () => undefined,
    );
    expect(report.autoAssigned).toBe(3);
    const owned = await CustomerModel.find({ name: /^导入自动分配/, poolState: 'private' }).lean();
    expect(new Set(owned.map((c) => String(c.ownerId))).size).toBe(3);
  });

  it('when a rep asks to run the rule, then 403 FORBIDDEN; on a customer already owned ops get 409 INVALID_STATE', async () => {
    await json(await setRule(ops, { mode: 'off', dailyCap: 5 }));
    const lead = await inbound();
    const run = (who: Employee, id: string) =>
      app.as(who)(`/api/customers/${id}/auto-assign`, { method: 'POST', json: {} });
    await expectError(await run(reps[0]!, String(lead._id)), 403, 'FORBIDDEN');
    await expectError(await run(ops, 'not-an-id'), 400, 'VALIDATION_FAILED');
    await json(await setRule(ops, { mode: 'round-robin', dailyCap: 5 }));
    expect(await json<{ assigned: boolean }>(await run(ops, String(lead._id)))).toMatchObject({ assigned: true });
    await expectError(await run(ops, String(lead._id)), 409, 'INVALID_STATE');
  });
});
