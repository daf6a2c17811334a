import { beforeAll, describe, expect, it } from 'vitest';
import { CompanySettingsModel } from '../../models/org/company-settings.model.js';
import { fileConflictCase } from '../../models/conflicts/cases/file-case.js';
import { ruleConflictCase } from '../../models/conflicts/cases/rule-case.js';
import type { Customer } from '../../models/customers/customer.model.js';
import { computeDigests, reviewFor } from '../../models/digest/compute-digest.js';
import { MAX_PARTS, renderDigest } from '../../models/digest/digest-message.js';
import { reviewScopes } from '../../models/digest/review-scopes.js';
import type { Digest, RepReview } from '../../models/digest/review-types.js';
import type { Employee } from '../../models/org/employee.model.js';
import { routeInboundLead } from '../../models/leads/route-inbound-lead.js';
import { OpportunityModel } from '../../models/customers/opportunity.model.js';
import { changeGrade, changeStage } from '../../models/customers/use-cases/change-grade.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { dropCustomer } from '../../models/drops/drop-customer.js';
import { recordFollowUp } from '../../models/follow-ups/record-follow-up.js';
import { releaseCustomer } from '../../models/pool/release-customer.js';
import { stakeCustomer } from '../../models/pool/stake-customer.js';
import { dailyDigestJob } from '../../server/jobs/daily-digest.job.js';
import { useTestDatabase } from '../support/database.js';
import {
  employeeContext,
  makeDepartment,
  makeEmployee,
  makePublicCustomer,
  systemContext,
} from '../support/factories.js';
import { contentOf, jobRunner, outbox } from '../support/jobs.js';

useTestDatabase();

// Times are Asia/Shanghai wall times; the review is of Tuesday 10 March 2026 at 18:30.
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
const reviewTime = at('2026-03-10', '18:30');

let rep1: Employee; // 张三, team 华东一组
let rep2: Employee; // 李四, its sub-team 杭州小组
let manager: Employee;
let ops: Employee;
let team: Digest;
let company: Digest;

async function seed(): Promise<void> {
  await makeDepartment({ deptId: 2001, name: '华东一组', parentId: 1 });
  await makeDepartment({ deptId: 2002, name: '杭州小组', parentId: 2001 });
  await makeDepartment({ deptId: 3001, name: '华南组', parentId: 1 });
  manager = await makeEmployee({
    name: '周经理',
    role: 'manager',
    mainDepartmentId: 2001,
    leaderOfDepartmentIds: [2001],
  });
  rep1 = await makeEmployee({ name: '张三', mainDepartmentId: 2001 });
  rep2 = await makeEmployee({ name: '李四', mainDepartmentId: 2002 });
  const rep3 = await makeEmployee({ name: '王五', mainDepartmentId: 3001 });
  ops = await makeEmployee({ name: '钱运营', role: 'ops' });
  // Learn win rates from as few as 2 closed opportunities, so the hand-made history is enough.
  await CompanySettingsModel.create({ _id: 'company', review: { forecastMinClosed: 2 } });

  const c: Record<string, Customer> = {};
  for (const name of ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '癸', '子', '丑', '寅']) {
    c[name] = await makePublicCustomer(at('2026-02-01'), { name: `${name}方科技有限公司` });
  }
  const as = (e: Employee, when: Date) => employeeContext(e, when);
  await claimCustomer({ customerId: c['己']!._id }, as(rep1, at('2026-02-07'))); // protected through 9 March
  await claimCustomer({ customerId: c['丙']!._id }, as(rep1, at('2026-02-08'))); // drops on 11 March
  await claimCustomer({ customerId: c['子']!._id }, as(rep1, at('2026-02-20'))); // never contacted since
  for (const name of ['甲', '乙', '丁']) {
    await claimCustomer({ customerId: c[name]!._id }, as(rep1, at('2026-03-01')));
  }
  for (const name of ['庚', '辛']) {
    await claimCustomer({ customerId: c[name]!._id }, as(rep2, at('2026-03-01')));
  }
  await claimCustomer({ customerId: c['寅']!._id }, as(rep3, at('2026-03-01')));
  await claimCustomer({ customerId: c['丑']!._id }, as(rep3, at('2026-03-01')));
  await changeGrade({ customerId: c['甲']!._id, grade: 'A' }, as(rep1, at('2026-03-01', '11:00')));
  await changeGrade({ customerId: c['乙']!._id, grade: 'C' }, as(rep1, at('2026-03-01', '11:00')));
  await changeGrade({ customerId: c['庚']!._id, grade: 'A' }, as(rep2, at('2026-03-02', '11:00')));
  await changeStage({ customerId: c['甲']!._id, stage: 'customer' }, as(rep1, at('2026-03-05')));
  await changeStage({ customerId: c['甲']!._id, stage: 'opportunity' }, as(rep1, at('2026-03-05', '10:05')));
  await changeStage({ customerId: c['乙']!._id, stage: 'customer' }, as(rep1, at('2026-03-05')));
  await stakeCustomer({ customerId: c['癸']!._id }, as(rep2, at('2026-03-05')));

  // The day under review.
  await dropCustomer({ customerId: c['己']!._id }, systemContext(at('2026-03-10', '00:05')));
  await claimCustomer({ customerId: c['戊']!._id }, as(rep1, at('2026-03-10', '09:00')));
  const valid = { content: '和王总电话确认了合同条款，法务审核后下周三签约', nextStep: '下周三签约' };
  expect((await recordFollowUp({ customerId: c['甲']!._id, ...valid }, as(rep1, at('2026-03-10')))).counted).toBe(true);
  expect(
    (
      await recordFollowUp(
        { customerId: c['乙']!._id, content: '采购李经理反馈预算已批，周五前发正式报价单' },
        as(rep1, at('2026-03-10')),
      )
    ).counted,
  ).toBe(true);
  expect(
    (await recordFollowUp({ customerId: c['丙']!._id, content: '继续跟进' }, as(rep1, at('2026-03-10')))).counted,
  ).toBe(false);
  expect(
    (await recordFollowUp({ customerId: c['辛']!._id, content: '保持联系，暂无意向' }, as(rep2, at('2026-03-10'))))
      .counted,
  ).toBe(false);
  await createCustomer(
    { customer: { name: '壬方科技有限公司', source: 'wecom' }, into: 'private' },
    as(rep2, at('2026-03-10', '11:00')),
  );
  await changeGrade({ customerId: c['乙']!._id, grade: 'B' }, as(rep1, at('2026-03-10', '11:00')));
  await changeGrade({ customerId: c['庚']!._id, grade: 'B' }, as(rep2, at('2026-03-10', '11:00')));
  await changeGrade({ customerId: c['寅']!._id, grade: 'A' }, as(rep3, at('2026-03-10', '11:00')));
  const lead = await routeInboundLead(
    { leadId: 'form-1', source: 'website', customer: { name: '癸方科技有限公司' }, contactName: '赵经理' },
    systemContext(at('2026-03-10', '14:00')),
  );
  expect(lead.lead.route).toBe('staker');
  await releaseCustomer({ customerId: c['丁']!._id }, as(rep1, at('2026-03-10', '15:00')));
  // 李四 complains that 王五 (another team) holds his company; ops rule for him. 张三 complains about
  // 李四, his own team-mate: one conflict for the team, two for 李四.
  const complaint = await fileConflictCase(
    { customerId: c['丑']!._id, kind: 'duplicate', reason: '客户上周已和我确认合作意向' },
    as(rep2, at('2026-03-10', '15:30')),
  );
  await ruleConflictCase({ caseId: complaint._id, decision: 'complainant' }, as(ops, at('2026-03-10', '16:00')));
  await fileConflictCase(
    { customerId: c['辛']!._id, kind: 'thin', reason: '跟进记录只有一句保持联系' },
    as(rep1, at('2026-03-10', '17:00')),
  );

  const history = (stages: string[], closedAt: Date) =>
    stages.slice(1).map((to, i) => ({ from: stages[i]!, to, at: closedAt }));
  const opportunity = (owner: Employee, customer: Customer, fields: Record<string, unknown>) => ({
    customerId: customer._id,
    ownerId: owner._id,
    name: `${customer.name}项目`,
    createdAt: at('2026-03-05'),
    ...fields,
  });
  await OpportunityModel.create(
    [
      opportunity(rep1, c['甲']!, { stage: 'negotiation', amount: 200_000, expectedCloseAt: at('2026-04-15') }),
      opportunity(rep1, c['乙']!, { stage: 'proposal', amount: 100_000, expectedCloseAt: at('2026-05-20') }),
      opportunity(rep2, c['辛']!, { stage: 'qualify', amount: 50_000, expectedCloseAt: at('2026-03-25') }),
      opportunity(rep2, c['庚']!, { stage: 'needs', amount: 80_000 }),
      // Untouched since December: stale, counted at half its probability.
      opportunity(rep1, c['丙']!, {
        stage: 'proposal',
        amount: 40_000,
        expectedCloseAt: at('2026-06-10'),
        createdAt: at('2025-12-01'),
      }),
      opportunity(rep1, c['子']!, {
        stage: 'won',
        amount: 90_000,
        closedAt: at('2026-01-10'),
        stageHistory: history(['qualify', 'needs', 'proposal', 'negotiation', 'won'], at('2026-01-10')),
      }),
      opportunity(rep2, c['庚']!, {
        stage: 'lost',
        amount: 30_000,
        closedAt: at('2026-01-20'),
        stageHistory: history(['qualify', 'needs', 'proposal', 'lost'], at('2026-01-20')),
      }),
      opportunity(rep1, c['乙']!, {
        stage: 'lost',
        amount: 10_000,
        closedAt: at('2026-02-01'),
        stageHistory: history(['qualify', 'lost'], at('2026-02-01')),
      }),
    ],
    { timestamps: false },
  );
}

const rep = (digest: Digest, name: string): RepReview => digest.reps.find((r) => r.name === name)!;

describe('the evening review (理单) of a seeded team', () => {
  beforeAll(async () => {
    await seed();
    const scopes = await reviewScopes();
    const digests = await computeDigests(scopes, systemContext(reviewTime));
    team = digests[0]!;
    company = digests[1]!;
  });

  it("when a manager leads a team with a sub-team, then the review covers both teams' reps and nobody else", () => {
    expect(team.scope).toEqual({ kind: 'team', name: '华东一组', departmentIds: [2001, 2002] });
    expect(team.reps.map((r) => r.name).sort()).toEqual(['张三', '李四']);
    expect(team.date).toBe('2026-03-10');
  });

  it("when the mini-app asks for one manager's review, then it gets the same figures the digest was built from", async () => {
    expect(await reviewFor(String(manager._id), systemContext(reviewTime))).toEqual(team);
    expect(await reviewFor(String(rep1._id), systemContext(reviewTime))).toBeNull();
  });

  it("when the day is reviewed, then each rep's figures match what happened that day", () => {
    expect(rep(team, '张三')).toMatchObject({
      followUps: { total: 3, valid: 2, filler: 1 },
      upgrades: [{ name: '乙方科技有限公司', from: 'C', to: 'B' }],
      downgrades: [],
      newAClass: 0,
      newLeads: { total: 0, bySource: {} },
      claims: 1,
      releases: 1,
      drops: 1,
      received: 0,
      droppingTomorrow: [{ name: '丙方科技有限公司' }],
      conflicts: 1,
      capacity: { used: 5, limit: 50, staked: 0, stakeLimit: 250 },
      forgotten: { 7: 1, 15: 1, 30: 0, 90: 0, 180: 0 },
    });
    expect(rep(team, '张三').aClass).toEqual([
      {
        customerId: expect.any(String),
        name: '甲方科技有限公司',
        stage: 'opportunity',
        since: '2026-03-01',
        daysQuiet: 0,
        lastNote: '下周三签约',
        opportunity: { stage: 'negotiation', amount: 200_000 },
      },
    ]);
    expect(rep(team, '李四')).toMatchObject({
      followUps: { total: 1, valid: 0, filler: 1 },
      aClass: [],
      upgrades: [],
      downgrades: [{ name: '庚方科技有限公司', from: 'A', to: 'B' }],
      newLeads: { total: 2, bySource: { wecom: 1, website: 1 } },
      claims: 0,
      releases: 0,
      drops: 0,
      received: 1,
      droppingTomorrow: [],
      conflicts: 2,
      capacity: { used: 4, limit: 50, staked: 1, stakeLimit: 250 },
      forgotten: { 7: 1, 15: 0, 30: 0, 90: 0, 180: 0 },
    });
  });

  it('when the team is reviewed, then totals, funnel, conversion, forecast and the no-new-A alarm match the hand count', () => {
    expect(team.team.totals).toEqual({
      followUps: 4,
      valid: 2,
      filler: 2,
      newLeads: 2,
      claims: 1,
      releases: 1,
      drops: 1,
      newAClass: 0,
      aClass: 1,
      droppingTomorrow: 1,
      conflicts: 2,
      capacityUsed: 9,
      capacityLimit: 100,
    });
    const { funnel, forecast } = team.team;
    expect(funnel.byStage).toEqual({ lead: 7, customer: 1, opportunity: 1, contract: 0, signed: 0 });
    expect(funnel.conversion.map((c) => c.rate)).toEqual([2 / 9, 1 / 2, 0, null]);
    expect(funnel.opportunities).toEqual({
      qualify: { count: 1, amount: 50_000 },
      needs: { count: 1, amount: 80_000 },
      proposal: { count: 2, amount: 140_000 },
      negotiation: { count: 1, amount: 200_000 },
    });
    expect([funnel.won, funnel.lost, funnel.winRate]).toEqual([1, 2, 1 / 3]);
    // Learned: qualify 1 won of 3 passed, needs 1/2, proposal 1/2; negotiation has 1 < 2 closed → configured 0.7.
    expect(forecast.winRates).toEqual({
      qualify: { rate: 1 / 3, learned: true, sample: 3 },
      needs: { rate: 0.5, learned: true, sample: 2 },
      proposal: { rate: 0.5, learned: true, sample: 2 },
      negotiation: { rate: 0.7, learned: false, sample: 1 },
    });
    // April: 200k × 0.7. Q2: that + 100k × 0.5 + the stale 40k × 0.5 × 0.5. March: 50k × 1/3.
    expect(forecast.nextMonth).toEqual({
      from: '2026-04-01',
      to: '2026-04-30',
      count: 1,
      amount: 200_000,
      expected: 140_000,
    });
    expect(forecast.nextQuarter).toEqual({
      from: '2026-04-01',
      to: '2026-06-30',
      count: 3,
      amount: 340_000,
      expected: 200_000,
    });
    expect(forecast.thisMonth).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      count: 1,
      amount: 50_000,
      expected: 16_666.67,
    });
    expect(forecast.undated).toEqual({ count: 1, amount: 80_000 });
    expect(forecast.overdue).toEqual({ count: 0, amount: 0 });
    expect(team.team.forgotten).toEqual({ 7: 2, 15: 1, 30: 0, 90: 0, 180: 0 });
    // Last new A-class customers: 1 and 2 March; nothing on 8, 9 or 10 March.
    expect(team.team.alarm).toEqual({ noNewAClass: true, days: 3, lastNewAClass: '2026-03-02' });
  });

  it('when ops get the company version, then it sums every team and raises the alarm per team', () => {
    expect(company.scope.kind).toBe('company');
    expect(company.reps).toEqual([]);
    expect(company.teams.map((t) => [t.name, t.review.reps, t.review.alarm.noNewAClass])).toEqual([
      ['华东一组', 1, true],
      ['杭州小组', 1, true],
      ['华南组', 1, false],
    ]);
    expect(company.team.totals).toMatchObject({
      followUps: 4,
      newAClass: 1,
      aClass: 2,
      capacityUsed: 10,
      conflicts: 2,
    });
    expect(company.team.alarm.noNewAClass).toBe(false);
  });

  it('when the digest job runs at 18:30 (twice), then each manager and ops member gets it once, in parts WeCom accepts', async () => {
    const run = jobRunner();
    const first = await run(dailyDigestJob, reviewTime);
    const second = await run(dailyDigestJob, reviewTime);
    expect(first).toMatchObject({ digests: 2, alreadySent: 0, alarms: [manager.userId] });
    expect(second).toMatchObject({ digests: 0, alreadySent: 2, messages: 0 });

    const messages = await outbox('digest', manager.userId);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    expect(messages[0]!._id).toBe(`digest:${manager.userId}:2026-03-10:1`);
    for (const m of messages) {
      expect(Buffer.byteLength(contentOf(m), 'utf8')).toBeLessThanOrEqual(2048);
    }
    const text = messages.map(contentOf).join('\n');
    expect(text).toContain('理单日报 · 华东一组 · 3月10日');
    expect(text).toContain('预警：已连续3天没有新增A类客户');
    expect(text).toContain('跟进 4 条（有效 2 / 套话 2）');
    expect(text).toContain('### 张三');
    expect(text).toContain('甲方科技有限公司');
    expect(text).toContain('明天掉保：丙方科技有限公司');
    expect(text).toContain('下月 1个 20万，预计 14万');
    expect(text).not.toContain('王五');
    const opsText = (await outbox('digest', ops.userId)).map(contentOf).join('\n');
    expect(opsText).toContain('理单日报 · 全公司 · 3月10日');
    expect(opsText).toContain('**华南组**（1人）');
  });

  it('when a team is too big for one message, then the digest splits into numbered parts of at most 2048 bytes, shrinking reps to one line past 5 parts', () => {
    const many = (count: number): Digest => ({
      ...team,
      reps: Array.from({ length: count }, (_, i) => ({
        ...rep(team, '张三'),
        employeeId: `r${i}`,
        name: `销售代表${i}号`,
      })),
    });
    const medium = renderDigest(many(12), 'mgr1');
    const huge = renderDigest(many(300), 'mgr1');

    for (const messages of [medium, huge]) {
      expect(messages.length).toBeLessThanOrEqual(MAX_PARTS);
      expect(messages.every((m) => Buffer.byteLength(contentOf(m), 'utf8') <= 2048)).toBe(true);
      expect(messages.map((m) => m.id)).toEqual(messages.map((_, i) => `digest:mgr1:2026-03-10:${i + 1}`));
    }
    expect(medium.length).toBeGreaterThan(1);
    expect(contentOf(medium[1]!)).toMatch(/^（续 2\/\d）/);
    expect(medium.map((m) => contentOf(m)).join('\n')).toContain('### 销售代表11号');
    expect(contentOf(huge[huge.length - 1]!)).toContain('完整理单请在小程序“团队”页查看');
  });

  it('when a mini-app is configured, then the digest ends with a card that opens the team page', () => {
    const card = renderDigest(team, 'mgr1', { miniappAppId: 'wx0123456789abcdef' }).at(-1)!;
    expect(card.id).toBe('digest:mgr1:2026-03-10:card');
    expect(card.payload).toMatchObject({
      msgtype: 'template_card',
      template_card: {
        card_type: 'text_notice',
        main_title: { title: '华东一组 3月10日理单', desc: '已连续3天没有新增A类客户' },
        card_action: { type: 2, appid: 'wx0123456789abcdef', pagepath: 'pages/team/index?date=2026-03-10' },
      },
    });
  });
});
