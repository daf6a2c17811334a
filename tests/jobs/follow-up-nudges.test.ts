import { describe, expect, it } from 'vitest';
import { CompanySettingsModel } from '../../models/org/company-settings.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { sendFollowUpNudges } from '../../models/follow-ups/follow-up-nudges.js';
import { changeGrade } from '../../models/customers/use-cases/change-grade.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { recordFollowUp } from '../../models/follow-ups/record-follow-up.js';
import { releaseCustomer } from '../../models/pool/release-customer.js';
import { followUpNudgeJob } from '../../server/jobs/follow-up-nudge.job.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer, systemContext } from '../support/factories.js';
import { contentOf, jobRunner, outbox } from '../support/jobs.js';

useTestDatabase();

const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
const nudgeTime = at('2026-03-10', '09:30');
const run = jobRunner();
const note = (name: string) => `和${name}电话沟通了采购预算和交付周期，对方要求补充案例`;

describe('morning follow-up nudges', () => {
  it('when plans fall due, A/B customers go quiet and WeCom leads sit untouched, then each rep gets exactly one message listing them', async () => {
    const rep = await makeEmployee({ name: '赵六' });
    const colleague = await makeEmployee({ name: '孙七' });
    const as = (when: Date) => employeeContext(rep, when);
    const names = ['逾期计划', '今日计划', '后天计划', '已完成计划', '久未跟进A', '刚跟进A', '久未跟进B', '同事的计划'];
    const c = Object.fromEntries(
      await Promise.all(
        names.map(async (n) => [n, await makePublicCustomer(at('2026-02-01'), { name: `${n}有限公司` })] as const),
      ),
    );
    for (const n of names.slice(0, 7)) {
      await claimCustomer({ customerId: c[n]!._id }, as(at('2026-03-01')));
    }
    await recordFollowUp(
      { customerId: c['逾期计划']!._id, content: note('王总'), nextStep: '上门演示', nextFollowUpAt: at('2026-03-09') },
      as(at('2026-03-06')),
    );
    await recordFollowUp(
      { customerId: c['今日计划']!._id, content: note('李总'), nextFollowUpAt: at('2026-03-10', '15:00') },
      as(at('2026-03-07')),
    );
    await recordFollowUp(
      { customerId: c['后天计划']!._id, content: note('陈总'), nextFollowUpAt: at('2026-03-12') },
      as(at('2026-03-07')),
    );
    await recordFollowUp(
      { customerId: c['已完成计划']!._id, content: note('刘总'), nextFollowUpAt: at('2026-03-08') },
      as(at('2026-03-05')),
    );
    await recordFollowUp(
      { customerId: c['已完成计划']!._id, content: note('刘总助理') + '，已确认需求清单' },
      as(at('2026-03-08')),
    );
    await changeGrade({ customerId: c['久未跟进A']!._id, grade: 'A' }, as(at('2026-03-01')));
    await changeGrade({ customerId: c['刚跟进A']!._id, grade: 'A' }, as(at('2026-03-01')));
    await changeGrade({ customerId: c['久未跟进B']!._id, grade: 'B' }, as(at('2026-03-01')));
    await recordFollowUp(
      { customerId: c['久未跟进A']!._id, content: note('周总'), nextStep: '下周报价' },
      as(at('2026-03-06')),
    );
    await recordFollowUp(
      { customerId: c['刚跟进A']!._id, content: note('吴总'), nextStep: '下周报价' },
      as(at('2026-03-09')),
    );
    // A colleague planned a follow-up, then released the customer: the plan is no longer anyone's job.
    await claimCustomer({ customerId: c['同事的计划']!._id }, employeeContext(colleague, at('2026-03-01')));
    await recordFollowUp(
      { customerId: c['同事的计划']!._id, content: note('郑总'), nextFollowUpAt: at('2026-03-09') },
      employeeContext(colleague, at('2026-03-02')),
    );
    await releaseCustomer({ customerId: c['同事的计划']!._id }, employeeContext(colleague, at('2026-03-03')));
    await createCustomer(
      { customer: { name: '企微昨天加的有限公司', source: 'wecom' }, into: 'private' },
      as(at('2026-03-09', '16:00')),
    );
    await createCustomer(
      { customer: { name: '企微今早加的有限公司', source: 'wecom' }, into: 'private' },
      as(at('2026-03-10', '08:00')),
    );

    const first = await run(followUpNudgeJob, nudgeTime);
    await run(followUpNudgeJob, at('2026-03-10', '11:00'));

    expect(first).toMatchObject({ reps: 1, planned: 2, quietGraded: 2, untouchedLeads: 1, messages: 1 });
    const messages = await outbox('nudge');
    expect(messages.map((m) => [m._id, m.toUserId])).toEqual([[`nudge:${rep.userId}:2026-03-10`, rep.userId]]);
    const text = contentOf(messages[0]!);
    expect(text).toContain('**逾期计划有限公司**：已逾期1天（原定3月9日）：上门演示');
    expect(text).toContain('**今日计划有限公司**：今天');
    expect(text).toContain('**久未跟进A有限公司**：A类客户，4天没有有效跟进');
    expect(text).toContain('**久未跟进B有限公司**：B类客户，9天没有有效跟进');
    expect(text).toContain('**企微昨天加的有限公司**：企微添加1天，还没有跟进记录');
    for (const absent of ['后天计划', '已完成计划', '刚跟进A', '同事的计划', '企微今早加的']) {
      expect(text).not.toContain(absent);
    }
    // A-class lines come before B-class ones.
    expect(text.indexOf('久未跟进A')).toBeLessThan(text.indexOf('久未跟进B'));
  });

  it('when ops widen the A-class window in the company settings, then a customer inside the new window is no longer nudged', async () => {
    const rep = await makeEmployee();
    const customer = await makePublicCustomer(at('2026-02-01'), { name: '窗口设置测试有限公司' });
    await claimCustomer({ customerId: customer._id }, employeeContext(rep, at('2026-03-01')));
    await changeGrade({ customerId: customer._id, grade: 'A' }, employeeContext(rep, at('2026-03-01')));
    await recordFollowUp(
      { customerId: customer._id, content: note('冯总'), nextStep: '下周报价' },
      employeeContext(rep, at('2026-03-06')),
    );
    const nudged = async () =>
      (await sendFollowUpNudges({ dryRun: true }, systemContext(nudgeTime))).nudges.get(String(rep._id)) ?? [];

    expect((await nudged()).map((n) => n.customerName)).toEqual(['窗口设置测试有限公司']);
    await CompanySettingsModel.updateOne(
      { _id: 'company' },
      { $set: { 'review.followUpWindowDays': { A: 5 } } },
      { upsert: true },
    );
    expect(await nudged()).toEqual([]);
    await CompanySettingsModel.deleteOne({ _id: 'company' });
  });

  it('when a rep has far more to do than one message holds, then they still get one message of at most 2048 bytes saying how many more', async () => {
    const rep = await makeEmployee();
    await CustomerModel.insertMany(
      Array.from({ length: 120 }, (_, i) => ({
        name: `积压客户第${i + 1}号有限公司`,
        keys: { normalizedName: `积压客户第${i + 1}号有限公司` },
        poolState: 'private',
        ownerId: rep._id,
        grade: 'B',
        claimedAt: at('2026-02-20'),
        version: 1,
        source: 'import',
      })),
    );

    await run(followUpNudgeJob, at('2026-03-11', '09:30'));

    const messages = await outbox('nudge', rep.userId);
    expect(messages).toHaveLength(1);
    const text = contentOf(messages[0]!);
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(2048);
    const shown = text.split('\n').filter((l) => l.startsWith('> **积压客户')).length;
    expect(text).toContain(`……另有 ${120 - shown} 项`);
    expect(shown).toBeGreaterThan(10);
  });
});
