import type { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../../models/customers/ledger-entry.model.js';
import { sweepDrops } from '../../../models/drops/drop-sweep.js';
import { sendReclaimWarnings } from '../../../models/drops/reclaim-warnings.js';
import { DepartmentModel } from '../../../models/org/department.model.js';
import type { Employee } from '../../../models/org/employee.model.js';
import { DAY } from '../../../models/shared/clock.js';
import { expectError, json, makeTeam, ownedCustomer, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { makeDepartment, makeEmployee, systemContext } from '../../../tests/support/factories.js';
import { contentOf, outbox } from '../../../tests/support/jobs.js';

// 锁定: the owning team's manager (or ops) locks a key customer with a reason, within the team's maximum;
// a locked customer never drops; the owner may ask for a lock, as the reclaim warning tells them.

useTestDatabase();
let app: TestApp;
let team: Team;
let otherManager: Employee;
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
});
afterAll(() => app.close());

const post = (who: Employee, path: string, body: unknown = {}) => app.as(who)(path, { method: 'POST', json: body });

async function trace(customerId: Types.ObjectId | string) {
  const c = await CustomerModel.findById(customerId).lean();
  return {
    version: c?.version,
    locked: c?.locked,
    protectedUntil: c?.protectedUntil?.toISOString() ?? null,
    ledger: await LedgerEntryModel.countDocuments({ customerId }),
  };
}

describe('锁定 / 解锁 over HTTP', () => {
  it('when the team manager locks a customer with a reason, then it never drops, the owner is told, and the ledger says why; unlocking re-dates it', async () => {
    const customer = await ownedCustomer(app, team.rep, '苏州锁定精工有限公司');
    const id = String(customer._id);
    const locked = await json<{ customer: { locked: boolean; protectedUntil: null }; team: { locked: number } }>(
      await post(team.manager, `/api/customers/${id}/lock`, { reason: '合同审批中，即将签约' }),
    );
    expect(locked.customer).toMatchObject({ locked: true, protectedUntil: null });
    expect(locked.team.locked).toBe(1);
    const entry = await LedgerEntryModel.findOne({ customerId: id, action: 'lock' }).lean();
    expect(entry).toMatchObject({ reason: '合同审批中，即将签约', actorId: team.manager._id });
    const told = await outbox('lock', team.rep.userId);
    expect(contentOf(told.at(-1)!)).toContain('苏州锁定精工有限公司');
    expect(contentOf(told.at(-1)!)).toContain('王主管');

    // Far past every drop date, the sweep leaves it alone.
    const muchLater = new Date(app.clock.now().getTime() + 400 * DAY);
    await sweepDrops({}, systemContext(muchLater, app.deps.config));
    expect((await CustomerModel.findById(id).lean())?.poolState).toBe('private');

    const unlocked = await json<{ customer: { locked: boolean; protectedUntil: string } }>(
      await post(team.manager, `/api/customers/${id}/unlock`, { reason: '已签约转售后' }),
    );
    expect(unlocked.customer.locked).toBe(false);
    expect(new Date(unlocked.customer.protectedUntil).getTime()).toBeGreaterThan(app.clock.now().getTime());
    expect(await LedgerEntryModel.countDocuments({ customerId: id, action: 'unlock' })).toBe(1);
  });

  it('when the reason is missing or blank, or the id is not an id, then 400 VALIDATION_FAILED in Chinese and nothing changes', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const id = String(customer._id);
    const before = await trace(id);
    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(201) }, { reason: '重点', extra: 1 }]) {
      await expectError(await post(team.manager, `/api/customers/${id}/lock`, body), 400, 'VALIDATION_FAILED');
    }
    await expectError(
      await post(team.manager, '/api/customers/nope/lock', { reason: '重点' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await trace(id)).toEqual(before);
  });

  it('when a rep, or the manager of another team, locks or unlocks, then 403 FORBIDDEN and nothing changes', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const id = String(customer._id);
    const before = await trace(id);
    for (const who of [team.rep, team.other, otherManager]) {
      await expectError(await post(who, `/api/customers/${id}/lock`, { reason: '重点客户' }), 403, 'FORBIDDEN');
    }
    expect(await trace(id)).toEqual(before);
    await json(await post(team.ops, `/api/customers/${id}/lock`, { reason: '运营保留' }));
    const locked = await trace(id);
    await expectError(await post(otherManager, `/api/customers/${id}/unlock`, {}), 403, 'FORBIDDEN');
    await expectError(await post(team.rep, `/api/customers/${id}/unlock`, {}), 403, 'FORBIDDEN');
    expect(await trace(id)).toEqual(locked);
  });

  it("when the team's maximum is reached, even by two managers at once, then the next lock is 409 LOCK_LIMIT_REACHED and changes nothing", async () => {
    const dept = await makeDepartment({ name: '限额组', rules: { maxLockedPerTeam: 2 } });
    const lead = await makeEmployee({
      role: 'manager',
      mainDepartmentId: dept.deptId,
      leaderOfDepartmentIds: [dept.deptId],
    });
    const deputy = await makeEmployee({
      role: 'manager',
      mainDepartmentId: dept.deptId,
      leaderOfDepartmentIds: [dept.deptId],
    });
    const rep = await makeEmployee({ mainDepartmentId: dept.deptId });
    const customers = await Promise.all([1, 2, 3].map(() => ownedCustomer(app, rep)));
    await json(await post(lead, `/api/customers/${String(customers[0]!._id)}/lock`, { reason: '重点' }));
    const race = await Promise.all(
      [lead, deputy].map((m, i) => post(m, `/api/customers/${String(customers[i + 1]!._id)}/lock`, { reason: '重点' })),
    );
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = race.find((r) => r.status === 409)!;
    const body = await expectError(refused, 409, 'LOCK_LIMIT_REACHED');
    expect(body.error.message).toContain('2/2');
    expect(await CustomerModel.countDocuments({ ownerDepartmentId: dept.deptId, locked: true })).toBe(2);
    expect(
      await LedgerEntryModel.countDocuments({ customerId: { $in: customers.map((c) => c._id) }, action: 'lock' }),
    ).toBe(2);

    // Raising the department's maximum lets the third one be locked.
    await DepartmentModel.updateOne({ deptId: dept.deptId }, { $set: { 'rules.maxLockedPerTeam': 3 } });
    const third = customers.find((c) => race[customers.indexOf(c) - 1]?.status === 409)!;
    await json(await post(lead, `/api/customers/${String(third._id)}/lock`, { reason: '重点' }));
  });
});

describe('申请锁定', () => {
  it('when the owner asks for a lock, then the team manager is told who asks for which customer and why', async () => {
    const customer = await ownedCustomer(app, team.rep, '无锡申请锁定有限公司');
    const answer = await json<{ managers: string[] }>(
      await post(team.rep, `/api/customers/${String(customer._id)}/lock-request`, { reason: '月底签约，需要保住' }),
    );
    expect(answer.managers).toEqual(['王主管']);
    const asked = contentOf((await outbox('lock-request', team.manager.userId)).at(-1)!);
    for (const part of ['张三', '无锡申请锁定有限公司', '月底签约，需要保住', '锁定']) expect(asked).toContain(part);
  });

  it('when another rep asks, or the reason is missing, then 403 NOT_OWNER / 400 and nobody is told', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const id = String(customer._id);
    const before = (await outbox('lock-request')).length;
    await expectError(
      await post(team.other, `/api/customers/${id}/lock-request`, { reason: '想要' }),
      403,
      'NOT_OWNER',
    );
    await expectError(await post(team.rep, `/api/customers/${id}/lock-request`, {}), 400, 'VALIDATION_FAILED');
    expect((await outbox('lock-request')).length).toBe(before);
  });

  it('when a reclaim warning goes out, then it names where to ask for a lock', async () => {
    const customer = await ownedCustomer(app, team.other, '常州预警有限公司');
    const dropAt = (await CustomerModel.findById(customer._id).lean())!.protectedUntil!;
    await sendReclaimWarnings({}, systemContext(new Date(dropAt.getTime() - 2.5 * DAY), app.deps.config));
    const warning = contentOf((await outbox('warning', team.other.userId)).at(-1)!);
    expect(warning).toContain('常州预警有限公司');
    expect(warning).toContain('申请锁定');
  });
});
