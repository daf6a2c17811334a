import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../../models/customers/ledger-entry.model.js';
import { EmployeeModel, type Employee } from '../../../models/org/employee.model.js';
import { createCustomer } from '../../../models/customers/use-cases/create-customer.js';
import { expectError, json, makeTeam, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { employeeContext, makeEmployee, systemContext, testConfig } from '../../../tests/support/factories.js';

// 录入: POST /api/customers — the conflict check first, then the rep's private pool (or a stake).

useTestDatabase();
let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp({ config: testConfig({ POOL_CAPACITY: '2', RATE_LIMIT_CONFLICT_CHECK: '1000/min' }) });
  team = await makeTeam();
  await createCustomer(
    { customer: { name: '北京字节跳动科技有限公司', phones: ['13800138000'] }, into: 'private' },
    employeeContext(team.other, app.clock.now(), app.deps.config),
  );
  await createCustomer(
    { customer: { name: '苏州恒远新材料股份有限公司' }, into: 'public' },
    systemContext(app.clock.now()),
  );
});
afterAll(() => app.close());

type Created = {
  customer: { id: string; name: string; state: string; stage: string; stakeDeadline: string | null };
  pool: { used: number; capacity: number; staked: number; stakeLimit: number };
};
const post = (who: Employee | null, body: unknown) => app.as(who)('/api/customers', { method: 'POST', json: body });
const count = () => CustomerModel.countDocuments({});

describe('POST /api/customers (录入)', () => {
  it('when a rep enters a new company, then it is in their private pool with a drop date, the capacity bar moves and the ledger records the creation', async () => {
    const rep = await makeEmployee({ mainDepartmentId: team.deptId });
    const answer = await json<Created>(
      await post(rep, {
        name: '杭州青禾电子商务有限公司',
        phones: ['0571-88886666'],
        industry: '电商',
        region: '杭州',
        source: 'referral',
        sourceDetail: '老客户陈总介绍',
      }),
      201,
    );
    expect(answer.customer).toMatchObject({ name: '杭州青禾电子商务有限公司', state: 'private', stage: 'lead' });
    expect(answer.pool).toMatchObject({ used: 1, capacity: 2 });
    const stored = await CustomerModel.findById(answer.customer.id).lean();
    expect(stored).toMatchObject({ ownerId: rep._id, source: 'referral', industry: '电商', phones: ['0571-88886666'] });
    expect(stored?.protectedUntil).toBeInstanceOf(Date);
    expect(stored?.completeness).toBeGreaterThan(0);
    const ledger = await LedgerEntryModel.find({ customerId: stored!._id }).lean();
    expect(ledger.map((l) => [l.action, String(l.actorId), l.reason])).toEqual([
      ['create', String(rep._id), 'referral'],
    ]);
    expect((await EmployeeModel.findById(rep._id).lean())?.privateCount).toBe(1);
  });

  it('when a rep chooses to stake it, then it is staked with a greening deadline and counts toward the stake allowance, not capacity', async () => {
    const rep = await makeEmployee({ mainDepartmentId: team.deptId });
    const answer = await json<Created>(await post(rep, { name: '宁波港湾物流有限公司', stake: true }), 201);
    expect(answer.customer.state).toBe('staked');
    // 14 business days after 2 March, at the start of the next day (Shanghai).
    expect(answer.customer.stakeDeadline).toBe('2026-03-16T16:00:00.000Z');
    expect(answer.pool).toMatchObject({ used: 0, staked: 1, stakeLimit: 10 });
    const stored = await CustomerModel.findById(answer.customer.id).lean();
    expect(stored).toMatchObject({ stakedBy: rep._id, ownerId: null, protectedUntil: null });
  });

  it("when the company is another rep's customer under a short name, then 409 DUPLICATE_CUSTOMER names the owner and offers a complaint, and nothing is created", async () => {
    const before = await count();
    const refused = await expectError(await post(team.rep, { name: '字节跳动' }), 409, 'DUPLICATE_CUSTOMER');
    expect(refused.error.message).toMatch(
      /^客户“北京字节跳动科技有限公司”已存在，由 李四（销售\d+组） 负责，可以发起撞单申诉$/,
    );
    expect(refused.error.details).toMatchObject({ name: '北京字节跳动科技有限公司', actions: ['complaint'] });
    expect(await count()).toBe(before);
    expect((await EmployeeModel.findById(team.rep._id).lean())?.privateCount).toBe(0);
  });

  it('when the company waits in the public pool, then 409 DUPLICATE_CUSTOMER says to claim it instead', async () => {
    const refused = await expectError(await post(team.rep, { name: '恒远新材料' }), 409, 'DUPLICATE_CUSTOMER');
    expect(refused.error.message).toContain('已在公海，可以直接认领');
    expect(refused.error.details).toMatchObject({ actions: ['claim'] });
  });

  it('when the input is bad, then 400 with a code and a Chinese message, and nothing is created', async () => {
    const before = await count();
    const cases: [unknown, string][] = [
      [{}, 'VALIDATION_FAILED'],
      [{ name: '甲' }, 'VALIDATION_FAILED'],
      [{ name: '无锡精密铸造有限公司', ownerId: String(team.rep._id) }, 'VALIDATION_FAILED'],
      [{ name: '无锡精密铸造有限公司', phones: ['abc'] }, 'VALIDATION_FAILED'],
      [{ name: '无锡精密铸造有限公司', source: 'import' }, 'VALIDATION_FAILED'],
      [{ name: { $gt: '' } }, 'VALIDATION_FAILED'],
      [{ name: '无锡精密铸造有限公司', creditCode: '91320200MA1XXXXXX1' }, 'INVALID_CREDIT_CODE'],
    ];
    for (const [body, code] of cases) {
      await expectError(await post(team.rep, body), 400, code);
    }
    expect(await count()).toBe(before);
    await expectError(await post(null, { name: '无锡精密铸造有限公司' }), 401, 'UNAUTHENTICATED');
  });

  it('when the rep is at capacity, then 409 POOL_CAPACITY_FULL and nothing is created; staking still works', async () => {
    const rep = await makeEmployee({ mainDepartmentId: team.deptId });
    await json(await post(rep, { name: '常州第一机械有限公司' }), 201);
    await json(await post(rep, { name: '常州第二纺织有限公司' }), 201);
    const before = await count();
    const refused = await expectError(await post(rep, { name: '常州第三化工有限公司' }), 409, 'POOL_CAPACITY_FULL');
    expect(refused.error.message).toContain('请先释放一个客户');
    expect(await count()).toBe(before);
    await json(await post(rep, { name: '常州第三化工有限公司', stake: true }), 201);
  });

  it('when two reps enter the same company at the same moment, then exactly one gets it and the other is told who has it', async () => {
    const a = await makeEmployee({ name: '周一', mainDepartmentId: team.deptId });
    const b = await makeEmployee({ name: '吴二', mainDepartmentId: team.deptId });
    const answers = await Promise.all([a, b].map((rep) => post(rep, { name: '温州瓯江皮革有限公司' })));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await CustomerModel.countDocuments({ name: '温州瓯江皮革有限公司' })).toBe(1);
    const refused = answers.find((r) => r.status === 409)!;
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('DUPLICATE_CUSTOMER');
    expect(body.error.message).toMatch(/由 (周一|吴二)/);
  });

  it('when a departed employee tries to enter a customer, then their session is refused (401) and nothing is created', async () => {
    const gone = await makeEmployee({ mainDepartmentId: team.deptId });
    await EmployeeModel.updateOne({ _id: gone._id }, { status: 'resigned' });
    const before = await count();
    await expectError(await post(gone, { name: '嘉兴离职测试有限公司' }), 401, 'UNAUTHENTICATED');
    expect(await count()).toBe(before);
  });
});
