import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { EmployeeModel, type Employee } from '../../../models/org/employee.model.js';
import { LedgerEntryModel } from '../../../models/customers/ledger-entry.model.js';
import { releaseCustomer } from '../../../models/pool/release-customer.js';
import { DAY } from '../../../models/shared/clock.js';
import { expectError, json, makeTeam, ownedCustomer, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import {
  employeeContext,
  makeEmployee,
  makePublicCustomer,
  makePublicCustomers,
  testConfig,
} from '../../../tests/support/factories.js';

useTestDatabase();
let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp({ config: testConfig({ POOL_CAPACITY: '3', RATE_LIMIT_CLAIM: '1000/min' }) });
  team = await makeTeam();
});
afterAll(() => app.close());

type Action = {
  customer: { id: string; state: string; grade: string | null; stage: string };
  pool: { used: number; capacity: number };
};
const post = (who: Employee, path: string, body: unknown = {}) => app.as(who)(path, { method: 'POST', json: body });

describe('POST /api/customers/:id/claim', () => {
  it('when a rep claims a public customer, then it is theirs, the capacity bar moves, and the ledger says so', async () => {
    const rep = await makeEmployee();
    const customer = await makePublicCustomer(app.clock.now());
    const answer = await json<Action>(await post(rep, `/api/customers/${String(customer._id)}/claim`));
    expect(answer.customer.state).toBe('private');
    expect(answer.pool).toMatchObject({ used: 1, capacity: 3 });
    expect(await LedgerEntryModel.countDocuments({ customerId: customer._id, action: 'claim', actorId: rep._id })).toBe(
      1,
    );
  });

  it('when the rep is at capacity, then 409 POOL_CAPACITY_FULL tells them to release one first', async () => {
    const rep = await makeEmployee();
    for (let i = 0; i < 3; i++) {
      await ownedCustomer(app, rep);
    }
    const customer = await makePublicCustomer(app.clock.now());
    const body = await expectError(
      await post(rep, `/api/customers/${String(customer._id)}/claim`),
      409,
      'POOL_CAPACITY_FULL',
    );
    expect(body.error.message).toContain('请先释放一个客户');
    expect(body.error.details).toMatchObject({ used: 3, limit: 3 });
    expect((await CustomerModel.findById(customer._id).lean())?.poolState).toBe('public');
  });

  it('when another rep already claimed it, then 409 ALREADY_OWNED says it is taken without naming who', async () => {
    const customer = await ownedCustomer(app, team.other);
    const body = await expectError(
      await post(team.rep, `/api/customers/${String(customer._id)}/claim`),
      409,
      'ALREADY_OWNED',
    );
    expect(body.error.message).toBe('该客户已被其他同事认领（可用查重查看归属）');
    expect(body.error.details).toEqual({ state: 'private', mine: false });
  });

  it('when the rep released it days ago, then 409 COOLDOWN_ACTIVE says until when', async () => {
    const rep = await makeEmployee();
    const customer = await ownedCustomer(app, rep);
    await releaseCustomer({ customerId: customer._id }, employeeContext(rep, app.clock.now(), app.deps.config));
    const body = await expectError(
      await post(rep, `/api/customers/${String(customer._id)}/claim`),
      409,
      'COOLDOWN_ACTIVE',
    );
    expect(body.error.details?.until).toBe(new Date(app.clock.now().getTime() + 7 * DAY).toISOString());
  });

  it('when a rep claims faster than the claim rate limit, then 429 RATE_LIMITED and nothing more is claimed', async () => {
    const limited = await startTestApp(
      { config: testConfig({ RATE_LIMIT_CLAIM: '2/min', POOL_CAPACITY: '50' }) },
      app.clock.now().toISOString(),
    );
    try {
      const rep = await makeEmployee();
      const customers = await makePublicCustomers(3, app.clock.now());
      const statuses = [];
      for (const c of customers) {
        statuses.push((await limited.as(rep)(`/api/customers/${String(c._id)}/claim`, { method: 'POST' })).status);
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(await CustomerModel.countDocuments({ ownerId: rep._id })).toBe(2);
    } finally {
      await limited.close();
    }
  });
});

describe('release, grade and stage', () => {
  it('when the owner releases a customer, then it returns to the pool and frees capacity', async () => {
    const rep = await makeEmployee();
    const customer = await ownedCustomer(app, rep);
    const answer = await json<Action>(
      await post(rep, `/api/customers/${String(customer._id)}/release`, { reason: '客户已选择竞品' }),
    );
    expect(answer).toMatchObject({ customer: { state: 'public' }, pool: { used: 0 } });
    expect((await LedgerEntryModel.findOne({ customerId: customer._id, action: 'release' }).lean())?.reason).toBe(
      '客户已选择竞品',
    );
  });

  it('when the owner changes grade and stage, then both are kept in their history', async () => {
    const customer = await ownedCustomer(app, team.rep);
    expect(
      (
        await json<Action>(
          await post(team.rep, `/api/customers/${String(customer._id)}/grade`, { grade: 'A', reason: '下周签约' }),
        )
      ).customer.grade,
    ).toBe('A');
    expect(
      (
        await json<Action>(
          await post(team.rep, `/api/customers/${String(customer._id)}/stage`, { stage: 'opportunity' }),
        )
      ).customer.stage,
    ).toBe('opportunity');
    const stored = await CustomerModel.findById(customer._id).lean();
    expect(stored?.gradeHistory.map((h) => [h.from, h.to, h.reason])).toEqual([[null, 'A', '下周签约']]);
    expect(stored?.stageHistory.map((h) => h.to)).toEqual(['opportunity']);
  });

  it("when a rep acts on another rep's customer, then 403 NOT_OWNER and nothing changes; their manager may", async () => {
    const customer = await ownedCustomer(app, team.other);
    const id = String(customer._id);
    const before = await CustomerModel.findById(id).lean();
    await expectError(await post(team.rep, `/api/customers/${id}/release`), 403, 'NOT_OWNER');
    await expectError(await post(team.rep, `/api/customers/${id}/grade`, { grade: 'D' }), 403, 'NOT_OWNER');
    await expectError(await post(team.rep, `/api/customers/${id}/stage`, { stage: 'signed' }), 403, 'NOT_OWNER');
    await expectError(
      await post(team.rep, `/api/customers/${id}/follow-ups`, { content: '王总说下周二来公司面谈预算' }),
      403,
      'NOT_OWNER',
    );
    await expectError(
      await app.as(team.rep)(`/api/customers/${id}/profile`, { method: 'POST', json: { industry: '改掉' } }),
      403,
      'NOT_OWNER',
    );
    await expectError(await post(team.outsider, `/api/customers/${id}/grade`, { grade: 'D' }), 403, 'NOT_OWNER');
    expect((await CustomerModel.findById(id).lean())?.version).toBe(before?.version);
    expect(
      (await json<Action>(await post(team.manager, `/api/customers/${id}/grade`, { grade: 'B' }))).customer.grade,
    ).toBe('B');
  });

  it("when a rep tries to give back another rep's staked customer, then 403 NOT_OWNER and it stays staked", async () => {
    const customer = await makePublicCustomer(app.clock.now());
    await json(await post(team.other, `/api/customers/${String(customer._id)}/stake`));
    await expectError(await post(team.rep, `/api/customers/${String(customer._id)}/unstake`), 403, 'NOT_OWNER');
    expect((await CustomerModel.findById(customer._id).lean())?.stakedBy).toEqual(team.other._id);
  });

  it('when the input is wrong or carries an operator, then 400 VALIDATION_FAILED and nothing changes', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const id = String(customer._id);
    const before = await CustomerModel.findById(id).lean();
    await expectError(await post(team.rep, `/api/customers/${id}/grade`, { grade: 'E' }), 400, 'VALIDATION_FAILED');
    await expectError(
      await post(team.rep, `/api/customers/${id}/grade`, { grade: { $gt: '' } }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      await post(team.rep, `/api/customers/${id}/stage`, { stage: 'won', extra: 1 }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      await post(team.rep, `/api/customers/${id}/release`, { reason: { $ne: null } }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(await post(team.rep, '/api/customers/not-an-id/claim'), 400, 'VALIDATION_FAILED');
    await expectError(
      await post(team.rep, `/api/customers/${encodeURIComponent('{"$gt":""}')}/release`),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      await app.as(team.rep)(`/api/customers/${id}/profile`, {
        method: 'POST',
        json: { profile: { $where: 'sleep(1000)' } },
      }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      await app.as(team.rep)(`/api/customers/${id}/profile`, { method: 'POST', json: { 'profile.budget': 1 } }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await CustomerModel.findById(id).lean())?.version).toBe(before?.version);
  });

  it('when a customer id does not exist, then 404 CUSTOMER_NOT_FOUND', async () => {
    await expectError(await post(team.rep, '/api/customers/0123456789abcdef01234567/claim'), 404, 'CUSTOMER_NOT_FOUND');
  });
});

describe('staking and the profile', () => {
  it('when a rep stakes a customer and completes its profile, then it is greened and shows the new completeness', async () => {
    const rep = await makeEmployee();
    const customer = await makePublicCustomer(app.clock.now());
    const staked = await json<Action & { customer: { stakeDeadline: string } }>(
      await post(rep, `/api/customers/${String(customer._id)}/stake`),
    );
    expect(staked.customer.state).toBe('staked');
    expect(staked.customer.stakeDeadline).toBeTruthy();
    const res = await app.as(rep)(`/api/customers/${String(customer._id)}/profile`, {
      method: 'POST',
      json: {
        industry: '制造',
        region: '杭州',
        address: '西湖区文三路 1 号',
        creditCode: '91330100MA2B123450',
        boss: '陈老板',
        phones: ['0571-88886666'],
        profile: { scale: '200人', mainBusiness: '电机', budget: 30 },
      },
    });
    expect((await json<{ completeness: number }>(res)).completeness).toBeGreaterThanOrEqual(80);
    expect((await CustomerModel.findById(customer._id).lean())?.greenedAt).not.toBeNull();
    expect((await json<Action>(await post(rep, `/api/customers/${String(customer._id)}/unstake`))).customer.state).toBe(
      'public',
    );
    expect((await EmployeeModel.findById(rep._id).lean())?.stakedCount).toBe(0);
  });
});
