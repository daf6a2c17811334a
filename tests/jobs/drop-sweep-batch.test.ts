import { describe, expect, it } from 'vitest';
import { CustomerModel, type Customer } from '../../models/customers/customer.model.js';
import { flushAllLedgerOutboxes } from '../../models/customers/customer-change.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { dropBatch } from '../../models/drops/drop-batch.js';
import { dropFields } from '../../models/drops/drop-customer.js';
import { recordFollowUp } from '../../models/follow-ups/record-follow-up.js';
import { PendingNoticeModel } from '../../models/messages/pending-notice.model.js';
import { EmployeeModel, type Employee } from '../../models/org/employee.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { poolRulesResolver } from '../../models/pool/pool-rules.js';
import { dropSweepJob } from '../../server/jobs/drop-sweep.job.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer, systemContext, testConfig } from '../support/factories.js';
import { contentOf, jobRunner, outbox } from '../support/jobs.js';

useTestDatabase();

// Claimed on 2 March at 10:00 in Shanghai: with 30 idle days they drop at 00:00 on 2 April (2026-04-01T16:00Z).
const claimedAt = new Date('2026-03-02T02:00:00Z');
const sweepAt = new Date('2026-04-01T16:05:00Z');
const run = jobRunner();

async function claimed(rep: Employee, names: string[]): Promise<Customer[]> {
  const customers: Customer[] = [];
  for (const name of names) {
    const customer = await makePublicCustomer(claimedAt, { name });
    await claimCustomer({ customerId: customer._id }, employeeContext(rep, claimedAt));
    customers.push(customer);
  }
  return customers;
}

const privateCount = async (id: unknown) => (await EmployeeModel.findById(id).lean())!.privateCount;

describe('the drop sweep in batches (掉保)', () => {
  it('when customers of several reps drop in one sweep, then each drops once with its ledger entry, each rep gets back what they lost and one message naming theirs', async () => {
    const wang = await makeEmployee({ name: '王小明' });
    const li = await makeEmployee({ name: '李雷' });
    await claimed(wang, ['杭州云帆科技有限公司', '宁波海曙贸易有限公司', '苏州精工机械有限公司']);
    await claimed(li, ['南京栖霞物流有限公司']);
    expect([await privateCount(wang._id), await privateCount(li._id)]).toEqual([3, 1]);

    const result = await run(dropSweepJob, sweepAt);

    expect(result).toMatchObject({ due: 4, dropped: 4, skipped: 0 });
    expect(await CustomerModel.countDocuments({ poolState: 'public', ownerId: null })).toBe(4);
    expect(await LedgerEntryModel.countDocuments({ action: 'drop' })).toBe(4);
    expect([await privateCount(wang._id), await privateCount(li._id)]).toEqual([0, 0]);
    const [toWang] = await outbox('drop', wang.userId);
    expect(await outbox('drop', wang.userId)).toHaveLength(1);
    for (const name of ['杭州云帆科技有限公司', '宁波海曙贸易有限公司', '苏州精工机械有限公司']) {
      expect(contentOf(toWang!)).toContain(name);
    }
    expect(contentOf(toWang!)).not.toContain('南京栖霞物流有限公司');
    expect(contentOf((await outbox('drop', li.userId))[0]!)).toContain('南京栖霞物流有限公司');
    expect(await PendingNoticeModel.countDocuments({})).toBe(0);

    // A second sweep finds nothing; the nightly flush empties the outboxes without a second ledger entry.
    expect(await run(dropSweepJob, new Date(sweepAt.getTime() + 10 * 60_000))).toMatchObject({ due: 0, dropped: 0 });
    await flushAllLedgerOutboxes();
    expect(await CustomerModel.countDocuments({ 'ledgerOutbox._id': { $exists: true } })).toBe(0);
    expect(await LedgerEntryModel.countDocuments({ action: 'drop' })).toBe(4);
    expect(await outbox('drop')).toHaveLength(2);
  });

  it("when a rep's counter is already lower than the customers they lose, then it stops at zero", async () => {
    const rep = await makeEmployee();
    await claimed(rep, ['常州天宁电子有限公司', '无锡滨湖纺织有限公司', '嘉兴南湖食品有限公司']);
    await EmployeeModel.updateOne({ _id: rep._id }, { $set: { privateCount: 1 } });

    expect(await run(dropSweepJob, sweepAt)).toMatchObject({ dropped: 3 });

    expect(await privateCount(rep._id)).toBe(0);
  });

  it('when a valid follow-up saves a customer after the sweep read it, then that customer stays and the others of the batch drop', async () => {
    const rep = await makeEmployee();
    const [saved, lost] = await claimed(rep, ['绍兴越城印染有限公司', '温州鹿城鞋业有限公司']);
    const ctx = systemContext(sweepAt, testConfig(), 'drop-sweep');
    const read = await CustomerModel.find({ poolState: 'private' }, dropFields).lean<Customer[]>();
    await recordFollowUp(
      {
        customerId: saved!._id,
        content: '和采购部张经理电话沟通了二期项目预算，对方希望下周二上门演示报价方案',
        nextStep: '下周二上门演示',
      },
      employeeContext(rep, new Date(sweepAt.getTime() - 60_000)),
    );

    const batch = await dropBatch(read, ctx, poolRulesResolver(ctx.config));

    expect(batch.dropped.map((d) => String(d.customer._id))).toEqual([String(lost!._id)]);
    expect(await CustomerModel.findById(saved!._id).lean()).toMatchObject({ poolState: 'private' });
    expect(await LedgerEntryModel.countDocuments({ customerId: saved!._id, action: 'drop' })).toBe(0);
    expect(await LedgerEntryModel.countDocuments({ customerId: lost!._id, action: 'drop' })).toBe(1);
  });

  it('when a notice of an earlier release is pending (one per document), then the next sweep tells it with the new ones', async () => {
    const rep = await makeEmployee();
    const [customer] = await claimed(rep, ['湖州吴兴竹业有限公司']);
    const left = await makePublicCustomer(claimedAt, { name: '台州椒江泵业有限公司' });
    await PendingNoticeModel.collection.insertOne({
      _id: `drop:${String(left._id)}:3`,
      kind: 'drop',
      employeeId: rep._id,
      key: `${String(left._id)}:3`,
      customerId: left._id,
      customerName: '台州椒江泵业有限公司',
      reason: 'no-valid-follow-up',
      detail: '30天内没有有效跟进',
      at: new Date(sweepAt.getTime() - 10 * 60_000),
    } as never);

    await run(dropSweepJob, sweepAt);

    const messages = await outbox('drop', rep.userId);
    expect(messages).toHaveLength(1);
    expect(contentOf(messages[0]!)).toContain('台州椒江泵业有限公司');
    expect(contentOf(messages[0]!)).toContain(customer!.name);
    expect(await PendingNoticeModel.countDocuments({})).toBe(0);
  });
});
