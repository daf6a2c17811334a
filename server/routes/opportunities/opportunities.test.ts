import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../../models/customers/ledger-entry.model.js';
import { OpportunityModel } from '../../../models/customers/opportunity.model.js';
import type { CustomerDetailAnswer as CustomerDetail } from '../customers/customer-answers.schema.js';
import type { Employee } from '../../../models/org/employee.model.js';
import { expectError, json, makeTeam, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { makePublicCustomer } from '../../../tests/support/factories.js';
import { contentOf, jobRunner, outbox } from '../../../tests/support/jobs.js';
import { dailyDigestJob } from '../../jobs/daily-digest.job.js';

// Deals (商机) through HTTP: open, move, win (the customer becomes signed), lose; signing needs evidence;
// undoing it is for managers and ops, with a reason in the ledger. The clock stands at 2 March 2026.

useTestDatabase();
let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp();
  team = await makeTeam();
});
afterAll(() => app.close());

type Deal = { id: string; stage: string; winRate: number; amount: number; expected: number; expectedCloseOn: string };
const post = (who: Employee, path: string, body: unknown = {}) => app.as(who)(path, { method: 'POST', json: body });
const detail = async (who: Employee, id: string) => json<CustomerDetail>(await app.as(who)(`/api/customers/${id}`));

/** A customer entered by the rep through the API (录入). */
async function entered(rep: Employee, name: string): Promise<string> {
  return (await json<{ customer: { id: string } }>(await post(rep, '/api/customers', { name }), 201)).customer.id;
}
const openDeal = (who: Employee, customerId: string, body: unknown) =>
  post(who, `/api/customers/${customerId}/opportunities`, body);

describe('opportunities (商机)', () => {
  it('when the owner opens a deal, then it carries the stage win rate and expected revenue, and the customer moves to 商机', async () => {
    const id = await entered(team.rep, '无锡精密铸造有限公司');
    const deal = await json<Deal>(
      await openDeal(team.rep, id, {
        name: '二期产线改造',
        amount: 300000,
        expectedCloseOn: '2026-04-20',
        stage: 'proposal',
        products: ['MES 系统', '实施服务'],
        nextStep: '下周二上门讲方案',
      }),
      201,
    );
    expect(deal).toMatchObject({ stage: 'proposal', winRate: 0.5, expected: 150000, expectedCloseOn: '2026-04-20' });
    const page = await detail(team.rep, id);
    expect(page.stage).toBe('opportunity');
    expect(page.opportunities).toEqual([
      expect.objectContaining({
        name: '二期产线改造',
        products: ['MES 系统', '实施服务'],
        nextStep: '下周二上门讲方案',
      }),
    ]);
    expect(page.opportunityStages.map((s) => [s.stage, s.winRate])).toEqual([
      ['qualify', 0.1],
      ['needs', 0.25],
      ['proposal', 0.5],
      ['negotiation', 0.7],
    ]);

    const moved = await json<Deal>(await post(team.rep, `/api/opportunities/${deal.id}`, { stage: 'negotiation' }));
    expect(moved).toMatchObject({ winRate: 0.7, expected: 210000 });
    const stored = await OpportunityModel.findById(deal.id).lean();
    expect(stored?.stageHistory.map((h) => h.to)).toEqual(['proposal', 'negotiation']);
    expect(stored?.ownerId).toEqual(team.rep._id);
  });

  it('when a manager reassigns the customer, then its open deal moves with it and a closed one stays', async () => {
    const id = await entered(team.rep, '南通恒远纺织有限公司');
    const open = await json<Deal>(await openDeal(team.rep, id, { name: '新厂区布线', amount: 80000 }), 201);
    const lost = await json<Deal>(await openDeal(team.rep, id, { name: '旧厂区改造', amount: 50000 }), 201);
    await json(await post(team.rep, `/api/opportunities/${lost.id}/lost`, { reason: '客户预算取消' }));
    await json(
      await post(team.manager, '/api/customers/reassign', { customerIds: [id], toEmployeeId: String(team.other._id) }),
    );
    expect((await OpportunityModel.findById(open.id).lean())?.ownerId).toEqual(team.other._id);
    expect((await OpportunityModel.findById(lost.id).lean())?.ownerId).toEqual(team.rep._id);
  });

  it('when the deal is won with the contract, then the customer is signed, never drops, and the ledger says why', async () => {
    const id = await entered(team.rep, '常州第一机械有限公司');
    const deal = await json<Deal>(await openDeal(team.rep, id, { name: '年度维保', amount: 120000 }), 201);
    const won = await json<Deal>(
      await post(team.rep, `/api/opportunities/${deal.id}/won`, { amount: 110000, signedOn: '2026-03-02' }),
    );
    expect(won).toMatchObject({ stage: 'won', winRate: 1, contractAmount: 110000, contractSignedOn: '2026-03-02' });
    const page = await detail(team.rep, id);
    expect(page).toMatchObject({ stage: 'signed', drop: null, contract: { amount: 110000, signedOn: '2026-03-02' } });
    expect((await CustomerModel.findById(id).lean())?.protectedUntil).toBeNull();
    const entries = await LedgerEntryModel.find({ customerId: id }).lean();
    const entry = entries.find((e) => e.action === 'stage' && (e.after as { stage?: string }).stage === 'signed');
    expect(entry?.reason).toBe('商机赢单：年度维保，合同金额 110,000 元');
    await expectError(await post(team.rep, `/api/opportunities/${deal.id}`, { amount: 1 }), 409, 'INVALID_STATE');
  });

  it('when a deal is lost, then a reason is required and kept', async () => {
    const id = await entered(team.rep, '常州第二纺织有限公司');
    const deal = await json<Deal>(await openDeal(team.rep, id, { name: '仓储改造', amount: 80000 }), 201);
    await expectError(await post(team.rep, `/api/opportunities/${deal.id}/lost`, {}), 400, 'VALIDATION_FAILED');
    await expectError(
      await post(team.rep, `/api/opportunities/${deal.id}/lost`, { reason: ' ' }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await OpportunityModel.findById(deal.id).lean())?.stage).toBe('qualify');
    const lost = await json<{ stage: string; lostReason: string }>(
      await post(team.rep, `/api/opportunities/${deal.id}/lost`, { reason: '预算砍掉，明年再议' }),
    );
    expect(lost).toMatchObject({ stage: 'lost', lostReason: '预算砍掉，明年再议' });
    await expectError(
      await post(team.rep, `/api/opportunities/${deal.id}/won`, { amount: 1, signedOn: '2026-03-01' }),
      409,
      'INVALID_STATE',
    );
    expect((await CustomerModel.findById(id).lean())?.stage).toBe('opportunity');
  });

  it('when the input is bad, then 400 with a code and a Chinese message and nothing is stored', async () => {
    const id = await entered(team.rep, '宁波港湾物流有限公司');
    const bad: unknown[] = [
      {},
      { name: '港口项目' },
      { name: '港口项目', amount: -1 },
      { name: '港口项目', amount: '30万' },
      { name: '港口项目', amount: 1, expectedCloseOn: '2026-13-01' },
      { name: '港口项目', amount: 1, stage: 'won' },
      { name: '港口项目', amount: 1, ownerId: String(team.other._id) },
      { name: { $gt: '' }, amount: 1 },
    ];
    for (const body of bad) {
      await expectError(await openDeal(team.rep, id, body), 400, 'VALIDATION_FAILED');
    }
    expect(await OpportunityModel.countDocuments({ customerId: id })).toBe(0);
    const deal = await json<Deal>(await openDeal(team.rep, id, { name: '港口项目', amount: 500000 }), 201);
    for (const contract of [
      { amount: 0, signedOn: '2026-03-01' },
      { amount: 1000, signedOn: '2026-03-03' },
      { amount: 1000 },
    ]) {
      await expectError(await post(team.rep, `/api/opportunities/${deal.id}/won`, contract), 400, 'VALIDATION_FAILED');
    }
    expect((await OpportunityModel.findById(deal.id).lean())?.stage).toBe('qualify');
    expect((await CustomerModel.findById(id).lean())?.stage).toBe('opportunity');
  });

  it("when someone else works the rep's deal or a public customer gets one, then the policy refuses and nothing is stored; the team's manager may", async () => {
    const id = await entered(team.rep, '嘉兴南湖纺织有限公司');
    await expectError(await openDeal(team.other, id, { name: '抢单', amount: 1 }), 403, 'NOT_OWNER');
    await expectError(await openDeal(team.outsider, id, { name: '抢单', amount: 1 }), 403, 'NOT_OWNER');
    const pub = await makePublicCustomer(app.clock.now());
    await expectError(await openDeal(team.ops, String(pub._id), { name: '公海商机', amount: 1 }), 409, 'INVALID_STATE');
    const deal = await json<Deal>(await openDeal(team.manager, id, { name: '主管代建', amount: 50000 }), 201);
    await expectError(await post(team.other, `/api/opportunities/${deal.id}`, { amount: 9 }), 403, 'NOT_OWNER');
    await expectError(
      await post(team.other, `/api/opportunities/${deal.id}/won`, { amount: 9, signedOn: '2026-03-01' }),
      403,
      'NOT_OWNER',
    );
    await expectError(
      await post(team.rep, `/api/opportunities/${'0'.repeat(24)}`, { amount: 9 }),
      404,
      'OPPORTUNITY_NOT_FOUND',
    );
    expect(await OpportunityModel.countDocuments({ customerId: pub._id })).toBe(0);
    expect(await OpportunityModel.find({ customerId: id }).lean()).toEqual([
      expect.objectContaining({ name: '主管代建', amount: 50000, ownerId: team.rep._id }),
    ]);
  });
});

describe('signing (成交) through the stage', () => {
  it('when a rep sets 成交 without a won deal or contract, then 400 CONTRACT_REQUIRED and nothing changes; with the contract it is signed', async () => {
    const id = await entered(team.rep, '温州瓯江皮革有限公司');
    const refused = await expectError(
      await post(team.rep, `/api/customers/${id}/stage`, { stage: 'signed' }),
      400,
      'CONTRACT_REQUIRED',
    );
    expect(refused.error.message).toContain('合同金额和签约日期');
    expect((await CustomerModel.findById(id).lean())?.stage).toBe('lead');
    await json(
      await post(team.rep, `/api/customers/${id}/stage`, {
        stage: 'signed',
        contract: { amount: 66000, signedOn: '2026-02-28' },
      }),
    );
    expect((await detail(team.rep, id)).contract).toEqual({
      amount: 66000,
      signedOn: '2026-02-28',
      opportunityId: null,
    });
  });

  it('when the rep tries to undo 成交, then 403; the manager needs a reason, and the ledger keeps it', async () => {
    const id = await entered(team.rep, '湖州丝绸之家有限公司');
    await json(
      await post(team.rep, `/api/customers/${id}/stage`, {
        stage: 'signed',
        contract: { amount: 30000, signedOn: '2026-03-01' },
      }),
    );
    await expectError(
      await post(team.rep, `/api/customers/${id}/stage`, { stage: 'contract', reason: '写错了' }),
      403,
      'FORBIDDEN',
    );
    await expectError(
      await post(team.manager, `/api/customers/${id}/stage`, { stage: 'contract' }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await CustomerModel.findById(id).lean())?.stage).toBe('signed');
    const reverted = await json<{ customer: { stage: string; protectedUntil: string | null } }>(
      await post(team.manager, `/api/customers/${id}/stage`, { stage: 'contract', reason: '客户未付首款，合同作废' }),
    );
    expect(reverted.customer.stage).toBe('contract');
    expect(reverted.customer.protectedUntil).not.toBeNull();
    const entry = (await LedgerEntryModel.find({ customerId: id }).lean()).find(
      (e) => e.action === 'stage' && String(e.actorId) === String(team.manager._id),
    );
    expect(entry).toMatchObject({
      reason: '撤销成交：客户未付首款，合同作废',
      before: { stage: 'signed' },
      after: { stage: 'contract' },
    });
    expect((await detail(team.rep, id)).contract).toBeNull();
  });
});

describe('the forecast in the team review and the evening digest (业绩预测)', () => {
  it('when a rep enters customers and deals only through the API, then the manager sees the expected revenue and the funnel', async () => {
    const sales = await makeTeam();
    const a = await entered(sales.rep, '杭州青禾电子商务有限公司');
    const b = await entered(sales.rep, '苏州恒远新材料股份有限公司');
    const c = await entered(sales.other, '绍兴黄酒文化传播有限公司');
    await json(
      await openDeal(sales.rep, a, {
        name: '全渠道中台',
        amount: 400000,
        stage: 'proposal',
        expectedCloseOn: '2026-04-10',
      }),
      201,
    );
    await json(
      await openDeal(sales.rep, b, {
        name: '新材料 ERP',
        amount: 100000,
        stage: 'negotiation',
        expectedCloseOn: '2026-04-28',
      }),
      201,
    );
    // Closing next quarter (April–June is the next quarter seen from March), and one lost: only open deals count.
    await json(
      await openDeal(sales.other, c, { name: '电商代运营', amount: 200000, expectedCloseOn: '2026-06-15' }),
      201,
    );
    const lost = await json<Deal>(await openDeal(sales.other, c, { name: '礼盒定制', amount: 90000 }), 201);
    await json(await post(sales.other, `/api/opportunities/${lost.id}/lost`, { reason: '客户选了别家' }));

    type Review = {
      team: {
        forecast: Record<'nextMonth' | 'nextQuarter', { count: number; amount: number; expected: number }>;
        funnel: { opportunities: Record<string, { count: number; amount: number }>; lost: number };
      };
    };
    const review = await json<Review>(await app.as(sales.manager)('/api/team/review'));
    expect(review.team.forecast.nextMonth).toEqual({
      from: '2026-04-01',
      to: '2026-04-30',
      count: 2,
      amount: 500000,
      expected: 400000 * 0.5 + 100000 * 0.7,
    });
    expect(review.team.forecast.nextQuarter).toMatchObject({ count: 3, amount: 700000, expected: 290000 });
    expect(review.team.funnel.opportunities).toMatchObject({
      qualify: { count: 1, amount: 200000 },
      proposal: { count: 1, amount: 400000 },
      negotiation: { count: 1, amount: 100000 },
    });
    expect(review.team.funnel.lost).toBe(1);

    await jobRunner(app.deps.config)(dailyDigestJob, new Date(app.clock.now().getTime() + 10 * 3600_000));
    const digest = (await outbox('digest', sales.manager.userId)).map(contentOf).join('\n');
    expect(digest).toContain('**业绩预测**：下月 2个 50万，预计 27万');
  });
});
