import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ContactModel } from '../../../models/customers/contact.model.js';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { EmployeeModel, type Employee } from '../../../models/org/employee.model.js';
import { LedgerEntryModel } from '../../../models/customers/ledger-entry.model.js';
import { OutboundMessageModel } from '../../../models/messages/outbound-message.model.js';
import { WecomTransferModel } from '../../../models/handovers/wecom-transfer.model.js';
import { DAY, HOUR } from '../../../models/shared/clock.js';
import { claimCustomer } from '../../../models/pool/claim-customer.js';
import { employeeContext, makePublicCustomer } from '../../../tests/support/factories.js';
import { clearDatabase, useTestDatabase } from '../../../tests/support/database.js';
import { seedSalesTeam, startWecomTestbed, type WecomTestbed } from '../../../tests/support/wecom.js';
import { wecomTransfersJob } from '../../jobs/wecom-transfers.job.js';
import { WecomEventProcessor } from '../../wecom/event-processor.js';

useTestDatabase();
let bed: WecomTestbed;
let processor: WecomEventProcessor;

beforeAll(async () => {
  bed = await startWecomTestbed();
  processor = new WecomEventProcessor(bed.app.deps, { pollMs: 20 });
});
afterAll(() => bed.close());
beforeEach(async () => {
  await clearDatabase();
  bed.emulator.state.users.clear();
  bed.emulator.state.contacts.clear();
  bed.emulator.state.transfers.length = 0;
  bed.emulator.state.transferStarts.clear();
  bed.emulator.calls.length = 0;
  await seedSalesTeam(bed, 3);
});

const employee = async (userId: string) => (await EmployeeModel.findOne({ userId }).lean<Employee>())!;
const processAll = () => processor.worker.runUntilIdle();
const runTransfersJob = () =>
  wecomTransfersJob.run({ deps: bed.app.deps, now: bed.clock.now(), dryRun: false, log: bed.app.deps.log });

/** The rep adds one contact per company in WeCom; the callbacks make them the rep's leads. */
async function customersAddedBy(
  userId: string,
  count: number,
): Promise<{ customerId: string; externalUserId: string }[]> {
  const added: { customerId: string; externalUserId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const { externalUserId } = await bed.emulator.addExternalContact({
      userId,
      name: `联系人${i}`,
      type: 2,
      corpName: `${userId}客户${i}号科技有限公司`,
    });
    added.push({ customerId: '', externalUserId });
  }
  await processAll();
  for (const item of added) {
    item.customerId = String((await ContactModel.findOne({ externalUserId: item.externalUserId }).lean())!.customerId);
  }
  return added;
}

describe('离职继承: a resignation handed over end to end', () => {
  it(
    'when a rep with 30 customers resigns and one customer refuses, then 27 are inherited, 3 are in the pool, and everyone is told',
    { timeout: 120_000 },
    async () => {
      const customers = await customersAddedBy('rep1', 30);
      expect((await employee('rep1')).privateCount).toBe(30);
      await bed.emulator.resignUser('rep1');
      await processAll();
      expect(await employee('rep1')).toMatchObject({ status: 'resigned' });

      const toRep3 = customers.slice(20, 28);
      const toPool = customers.slice(28);
      const res = await bed.app.as(await employee('ops1'))('/api/ops/handovers', {
        method: 'POST',
        json: {
          handoverUserId: 'rep1',
          defaultTarget: 'rep2',
          assignments: [
            ...toRep3.map((c) => ({ customerId: c.customerId, target: 'rep3' })),
            ...toPool.map((c) => ({ customerId: c.customerId, target: 'pool' })),
          ],
        },
      });
      expect(res.status).toBe(201);
      const plan = (await res.json()) as { released: string[] };
      expect(plan).toMatchObject({ kind: 'resigned', started: { started: 28, quota: 0, failed: 0 } });
      expect(plan.released.sort()).toEqual(toPool.map((c) => c.customerId).sort());
      expect(bed.emulator.callsTo('externalcontact/resigned/transfer_customer')).toHaveLength(2);
      expect(bed.emulator.state.transfers.filter((t) => t.status === 2)).toHaveLength(28);

      // Within the 24 h, one customer refuses: WeCom says so by callback.
      const refusing = customers[3]!;
      bed.clock.advance(2 * HOUR);
      await bed.emulator.refuseTransfer(refusing.externalUserId);
      await processAll();

      // The rest complete after 24 h; this time the job learns it from transfer_result.
      const callbackUrl = bed.emulator.callbackUrl;
      bed.emulator.callbackUrl = undefined;
      await bed.emulator.advance(DAY);
      bed.emulator.callbackUrl = callbackUrl;
      expect(await runTransfersJob()).toMatchObject({ settled: 27, waiting: 0 });
      expect(await runTransfersJob()).toMatchObject({ settled: 0, waiting: 0 });

      const [rep1, rep2, rep3] = await Promise.all(['rep1', 'rep2', 'rep3'].map(employee));
      const owners = await CustomerModel.find().lean();
      const ownedBy = (e: Employee) =>
        owners.filter((c) => c.poolState === 'private' && String(c.ownerId) === String(e._id)).length;
      expect([ownedBy(rep1!), ownedBy(rep2!), ownedBy(rep3!)]).toEqual([0, 19, 8]);
      expect(
        owners
          .filter((c) => c.poolState === 'public')
          .map((c) => String(c._id))
          .sort(),
      ).toEqual([...toPool.map((c) => c.customerId), refusing.customerId].sort());
      expect([rep1!.privateCount, rep2!.privateCount, rep3!.privateCount]).toEqual([0, 19, 8]);
      expect(await LedgerEntryModel.countDocuments({ action: 'inherit' })).toBe(27);
      expect(await LedgerEntryModel.countDocuments({ action: 'release' })).toBe(3);
      expect(await WecomTransferModel.countDocuments({ status: 'done', applied: true })).toBe(27);
      expect(await WecomTransferModel.findOne({ externalUserId: refusing.externalUserId }).lean()).toMatchObject({
        status: 'refused',
        applied: true,
      });

      const moved = await ContactModel.findOne({ externalUserId: customers[0]!.externalUserId }).lean();
      expect(moved!.followUsers.map((f) => [f.userId, f.removedBy])).toEqual([
        ['rep1', 'transfer'],
        ['rep2', null],
      ]);
      expect(bed.emulator.state.contacts.get(customers[0]!.externalUserId)!.follows.has('rep2')).toBe(true);

      expect(await OutboundMessageModel.countDocuments({ toUserId: 'rep2', kind: 'handover' })).toBe(20);
      expect(await OutboundMessageModel.countDocuments({ toUserId: 'rep3', kind: 'handover' })).toBe(8);
      const opsAlerts = await OutboundMessageModel.find({ toUserId: 'ops1', kind: 'alert' }).lean();
      expect(opsAlerts).toHaveLength(1);
      expect(JSON.stringify(opsAlerts[0]!.payload)).toContain('客户拒绝了转接');

      const progress = await bed.app.as(await employee('ops1'))('/api/ops/handovers/rep1');
      expect(((await progress.json()) as { counts: Record<string, number> }).counts).toEqual({ done: 27, refused: 1 });
    },
  );
});

describe('the reason and the new rep', () => {
  it('when ops hand over a customer with no WeCom contact, then the takeover rep inherits it at once and is told, and the reason is kept and shown', async () => {
    const rep1 = await employee('rep1');
    const direct = await makePublicCustomer(bed.clock.now(), { name: '宁波直接继承机械有限公司' });
    await claimCustomer({ customerId: direct._id }, employeeContext(rep1, bed.clock.now(), bed.app.deps.config));
    const [viaWecom] = await customersAddedBy('rep1', 1);
    const ops = await employee('ops1');
    const res = await bed.app.as(ops)('/api/ops/handovers', {
      method: 'POST',
      json: { handoverUserId: 'rep1', defaultTarget: 'rep2', reason: '转岗到华南区' },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ inherited: [{ customerId: String(direct._id), takeoverUserId: 'rep2' }] });
    expect(String((await CustomerModel.findById(direct._id).lean())!.ownerId)).toBe(
      String((await employee('rep2'))._id),
    );

    const told = await OutboundMessageModel.find({ toUserId: 'rep2', kind: 'handover' }).lean();
    expect(told.map((m) => JSON.stringify(m.payload))).toEqual([
      expect.stringContaining('你已接手 销售1 的客户“宁波直接继承机械有限公司”（在职继承（转岗到华南区））'),
    ]);
    const entry = await LedgerEntryModel.findOne({ customerId: direct._id, action: 'inherit' }).lean();
    expect(entry!.reason).toBe('在职继承（转岗到华南区）：销售1 → 销售2');

    const progress = async () =>
      (await (await bed.app.as(ops)('/api/ops/handovers/rep1')).json()) as {
        plans: { reason: string; kind: string; requestedBy: string; inherited: unknown[]; transfers: number }[];
        transfers: { handoverReason: string; status: string }[];
      };
    expect(await progress()).toMatchObject({
      plans: [
        {
          reason: '转岗到华南区',
          kind: 'onjob',
          requestedBy: String(ops._id),
          inherited: [{ customerId: String(direct._id), takeoverUserId: 'rep2' }],
          transfers: 1,
        },
      ],
      transfers: [{ handoverReason: '转岗到华南区' }],
    });

    // The one with a WeCom contact follows when WeCom completes the transfer, with the same reason.
    await bed.emulator.advance(DAY + HOUR);
    await processAll();
    await runTransfersJob();
    expect(String((await CustomerModel.findById(viaWecom!.customerId).lean())!.ownerId)).toBe(
      String((await employee('rep2'))._id),
    );
    const later = await OutboundMessageModel.find({ toUserId: 'rep2', kind: 'handover' }).lean();
    expect(later).toHaveLength(2);
    expect(JSON.stringify(later.map((m) => m.payload as unknown))).toContain('（在职继承（转岗到华南区））');
    expect((await progress()).transfers).toMatchObject([{ status: 'done', handoverReason: '转岗到华南区' }]);
  });
});

describe('在职继承 and its limits', () => {
  it('when a customer has been transferred twice in 90 days, then a third transfer is refused without asking WeCom, and allowed after 90 days', async () => {
    const [customer] = await customersAddedBy('rep1', 1);
    const ops = await employee('ops1');
    const handOver = async (from: string, to: string) => {
      const res = await bed.app.as(ops)('/api/ops/handovers', {
        method: 'POST',
        json: { handoverUserId: from, defaultTarget: to },
      });
      expect(res.status).toBe(201);
      await bed.emulator.advance(DAY + HOUR);
      await processAll();
      await runTransfersJob();
      return (await res.json()) as { kind: string; started: { started: number; quota: number } };
    };
    expect(await handOver('rep1', 'rep2')).toMatchObject({ kind: 'onjob', started: { started: 1 } });
    expect(await handOver('rep2', 'rep3')).toMatchObject({ started: { started: 1 } });
    const calls = bed.emulator.callsTo('externalcontact/transfer_customer').length;
    expect(await handOver('rep3', 'rep1')).toMatchObject({ started: { started: 0, quota: 1 } });
    expect(bed.emulator.callsTo('externalcontact/transfer_customer')).toHaveLength(calls);
    expect(String((await CustomerModel.findById(customer!.customerId).lean())!.ownerId)).toBe(
      String((await employee('rep3'))._id),
    );

    bed.clock.advance(90 * DAY);
    expect(await handOver('rep3', 'rep1')).toMatchObject({ started: { started: 1 } });
    expect(String((await CustomerModel.findById(customer!.customerId).lean())!.ownerId)).toBe(
      String((await employee('rep1'))._id),
    );
    expect(await LedgerEntryModel.countDocuments({ customerId: customer!.customerId, action: 'inherit' })).toBe(3);
    // WeCom drops the customer from each handover member (DELETE_BY_TRANSFER): a handover, not a loss.
    expect(await OutboundMessageModel.countDocuments({ kind: 'loss' })).toBe(0);
    expect(
      (await ContactModel.findOne({ externalUserId: customer!.externalUserId }).lean())!.followUsers
        .map((f) => [f.userId, f.removedBy])
        .sort(),
    ).toEqual([
      ['rep1', null],
      ['rep2', 'transfer'],
      ['rep3', 'transfer'],
    ]);
  });

  it("when the takeover member is at WeCom's customer limit, then the transfer ends as takeover-full, the customer stays, and ops are told", async () => {
    const [customer] = await customersAddedBy('rep1', 1);
    await bed.emulator.addExternalContact({ userId: 'rep2', name: '已有客户', type: 1 });
    bed.emulator.state.users.get('rep2')!.customerLimit = 1;
    const res = await bed.app.as(await employee('ops1'))('/api/ops/handovers', {
      method: 'POST',
      json: { handoverUserId: 'rep1', defaultTarget: 'rep2' },
    });
    expect(res.status).toBe(201);
    await bed.emulator.advance(DAY + HOUR);
    await processAll();
    await runTransfersJob();
    expect(await WecomTransferModel.findOne({ externalUserId: customer!.externalUserId }).lean()).toMatchObject({
      status: 'takeover-full',
      applied: true,
    });
    expect(String((await CustomerModel.findById(customer!.customerId).lean())!.ownerId)).toBe(
      String((await employee('rep1'))._id),
    );
    expect(
      JSON.stringify((await OutboundMessageModel.findOne({ toUserId: 'ops1', kind: 'alert' }).lean())!.payload),
    ).toContain('客户数已达上限');
  });

  it('when the takeover rep has no room, then the plan is refused with how much room is left and nothing changes', async () => {
    await customersAddedBy('rep1', 3);
    await EmployeeModel.updateOne({ userId: 'rep2' }, { $set: { privateCount: 49 } });
    const res = await bed.app.as(await employee('ops1'))('/api/ops/handovers', {
      method: 'POST',
      json: { handoverUserId: 'rep1', defaultTarget: 'rep2' },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: { code: 'POOL_CAPACITY_FULL', details: { free: 1, assigned: 3 } },
    });
    expect(await WecomTransferModel.countDocuments()).toBe(0);
    expect((await employee('rep1')).privateCount).toBe(3);
  });

  it('when a rep tries to hand over a colleague, then 403', async () => {
    const res = await bed.app.as(await employee('rep2'))('/api/ops/handovers', {
      method: 'POST',
      json: { handoverUserId: 'rep1', defaultTarget: 'rep2' },
    });
    expect(res.status).toBe(403);
  });
});
