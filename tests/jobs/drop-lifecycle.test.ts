import { describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { changeStage } from '../../models/customers/use-cases/change-grade.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { recordFollowUp } from '../../models/follow-ups/record-follow-up.js';
import { MINUTE } from '../../models/shared/clock.js';
import { dropSweepJob } from '../../server/jobs/drop-sweep.job.js';
import { reclaimWarningJob } from '../../server/jobs/reclaim-warning.job.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer } from '../support/factories.js';
import { contentOf, jobRunner, outbox } from '../support/jobs.js';

useTestDatabase();

// Asia/Shanghai is UTC+8. Claimed on 2 March at 10:00; with 30 idle days (no grade) a customer is
// protected through 1 April and drops at 00:00 on 2 April = 2026-04-01T16:00:00Z.
const claimedAt = new Date('2026-03-02T02:00:00Z');
const dropInstant = new Date('2026-04-01T16:00:00Z');
const nineAm = (date: string) => new Date(`${date}T01:00:00Z`);
const run = jobRunner();

async function status(id: unknown): Promise<string> {
  return (await CustomerModel.findById(id, { poolState: 1 }).lean())!.poolState;
}

describe('drops and reclaim warnings on a fixed clock, through the real jobs', () => {
  it('when nobody writes a valid follow-up, then the owner is warned 3 days and 1 day before and the customer drops at the first sweep of its drop day, not a minute early', async () => {
    const rep = await makeEmployee({ name: '王小明' });
    const other = await makeEmployee({ name: '李雷' });
    const ctx = employeeContext(rep, claimedAt);
    const idle = await makePublicCustomer(claimedAt, { name: '杭州云帆科技有限公司' });
    const filler = await makePublicCustomer(claimedAt, { name: '宁波海曙贸易有限公司' });
    const followed = await makePublicCustomer(claimedAt, { name: '苏州工业园区精工有限公司' });
    const signed = await makePublicCustomer(claimedAt, { name: '上海浦东签约有限公司' });
    const othersCustomer = await makePublicCustomer(claimedAt, { name: '南京栖霞物流有限公司' });
    for (const c of [idle, filler, followed, signed]) {
      await claimCustomer({ customerId: c._id }, ctx);
    }
    await claimCustomer({ customerId: othersCustomer._id }, employeeContext(other, claimedAt));
    await changeStage(
      { customerId: signed._id, stage: 'signed', contract: { amount: 100000, signedOn: '2026-03-05' } },
      employeeContext(rep, new Date('2026-03-05T02:00:00Z')),
    );

    // On 20 March: filler on one customer, a real follow-up on another.
    const march20 = employeeContext(rep, new Date('2026-03-20T03:00:00Z'));
    const fillerNote = await recordFollowUp({ customerId: filler._id, content: '继续跟进，保持联系' }, march20);
    const realNote = await recordFollowUp(
      {
        customerId: followed._id,
        content: '和采购部张经理电话沟通了二期项目预算，对方希望下周二上门演示报价方案',
        nextStep: '下周二上门演示',
      },
      march20,
    );
    expect(fillerNote.counted).toBe(false);
    expect(realNote.counted).toBe(true);

    // Every morning at 09:00 the warning job runs (twice on some days: a re-run must not warn again).
    const warningDays: string[] = [];
    for (let day = 25; day <= 32; day++) {
      const date = day <= 31 ? `2026-03-${day}` : `2026-04-0${day - 31}`;
      const before = (await outbox('warning', rep.userId)).length;
      await run(reclaimWarningJob, nineAm(date));
      await run(reclaimWarningJob, new Date(nineAm(date).getTime() + 6 * 60 * MINUTE));
      if ((await outbox('warning', rep.userId)).length > before) {
        warningDays.push(date);
      }
    }
    expect(warningDays).toEqual(['2026-03-30', '2026-04-01']);
    const warnings = await outbox('warning', rep.userId);
    expect(warnings).toHaveLength(2);
    const [threeDays, oneDay] = [...warnings]
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime())
      .map(contentOf);
    for (const text of [threeDays!, oneDay!]) {
      expect(text).toContain('杭州云帆科技有限公司');
      expect(text).toContain('宁波海曙贸易有限公司');
      expect(text).toContain('4月2日');
      expect(text).toContain('写一条有效跟进');
      expect(text).not.toContain('苏州工业园区精工有限公司');
      expect(text).not.toContain('上海浦东签约有限公司');
    }
    expect(threeDays).toContain('还剩 3 天，4月2日 0点掉保');
    expect(oneDay).toContain('还剩 1 天，4月2日 0点掉保');
    expect(warnings.every((m) => m._id.startsWith(`warning:${rep.userId}:`))).toBe(true);
    // The other rep's customer drops at the same time; they get their own warnings, not these.
    expect(await outbox('warning', other.userId)).toHaveLength(2);

    // Minute by minute around midnight: still protected at 23:59, dropped by the 00:00 sweep.
    for (let t = dropInstant.getTime() - 10 * MINUTE; t <= dropInstant.getTime() + 5 * MINUTE; t += MINUTE) {
      const summary = await run(dropSweepJob, new Date(t));
      const expected = t < dropInstant.getTime() ? 'private' : 'public';
      expect([await status(idle._id), await status(filler._id), t]).toEqual([expected, expected, t]);
      expect(summary.dropped).toBe(t === dropInstant.getTime() ? 3 : 0);
    }
    expect(await status(followed._id)).toBe('private');
    expect(await status(signed._id)).toBe('private');

    // One message per rep listing what they lost and why; re-runs add nothing.
    const drops = await outbox('drop', rep.userId);
    expect(drops).toHaveLength(1);
    const text = contentOf(drops[0]!);
    expect(text).toContain('**杭州云帆科技有限公司**：30天内没有有效跟进');
    expect(text).toContain('**宁波海曙贸易有限公司**：30天内没有有效跟进');
    expect(text).not.toContain('苏州工业园区精工有限公司');
    expect(await outbox('drop', other.userId)).toHaveLength(1);
    expect(await outbox('drop')).toHaveLength(2);

    const ledger = await LedgerEntryModel.find({ customerId: idle._id, action: 'drop' }).lean();
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      actorKind: 'system',
      actorName: 'drop-sweep',
      at: dropInstant,
      reason: 'no-valid-follow-up',
    });
    const dropped = await CustomerModel.findById(idle._id).lean();
    expect(dropped?.ownerId).toBeNull();
    expect(dropped?.cooldowns.map((c) => String(c.employeeId))).toEqual([String(rep._id)]);
    expect((await EmployeeModel.findById(rep._id).lean())?.privateCount).toBe(2);
  });

  it('when a customer is signed, then it never drops and is never warned about, however long nobody follows it up', async () => {
    const rep = await makeEmployee();
    const customer = await makePublicCustomer(claimedAt, { name: '长期签约客户有限公司' });
    await claimCustomer({ customerId: customer._id }, employeeContext(rep, claimedAt));
    await changeStage(
      { customerId: customer._id, stage: 'signed', contract: { amount: 80000, signedOn: '2026-03-02' } },
      employeeContext(rep, claimedAt),
    );

    for (const at of ['2026-04-02T01:00:00Z', '2026-05-02T01:00:00Z', '2026-09-30T01:00:00Z', '2027-03-02T01:00:00Z']) {
      await run(reclaimWarningJob, at);
      await run(dropSweepJob, at);
    }

    expect(await status(customer._id)).toBe('private');
    expect(await outbox('warning', rep.userId)).toEqual([]);
    expect(await outbox('drop', rep.userId)).toEqual([]);
    expect(await LedgerEntryModel.countDocuments({ customerId: customer._id, action: 'drop' })).toBe(0);
  });
});
