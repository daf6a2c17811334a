import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConflicts } from '../../models/conflicts/check-conflicts.js';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { NamedLockModel } from '../../models/shared/named-lock.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { WecomEventProcessor } from '../../server/wecom/event-processor.js';
import { useTestDatabase } from '../support/database.js';
import { systemContext } from '../support/factories.js';
import { contentOf, outbox } from '../support/jobs.js';
import { seedSalesTeam, startWecomTestbed, type WecomTestbed } from '../support/wecom.js';
import { contactsAddedByThreeReps, eventsAbout } from '../support/wecom-events.js';
import { eventFields } from '../../server/wecom/callback/event-fields.js';

// Stored events are leased and worked on a batch at a time: side by side across contacts, one after another
// in WeCom's order within one contact.

useTestDatabase();
let bed: WecomTestbed;

beforeAll(async () => {
  bed = await startWecomTestbed();
  await seedSalesTeam(bed, 3);
});
afterAll(() => bed.close());

describe('events leased in batches', () => {
  it("when three reps add the same contacts one after another and all events wait in one batch, then each contact's events are handled in WeCom's order", async () => {
    const contacts = await contactsAddedByThreeReps(bed, 12, '顺序');
    // The first reads of the contacts answer late: an event taken after them must still wait its turn.
    bed.emulator.injectFault({ api: 'externalcontact/get', kind: 'timeout', delayMs: 300, times: 12 });
    const processor = new WecomEventProcessor(bed.app.deps, { pollMs: 20, batchSize: 100, concurrency: 16 });
    await processor.worker.runUntilIdle();

    const rep1 = await EmployeeModel.findOne({ userId: 'rep1' }).lean();
    for (const externalUserId of contacts) {
      const events = await eventsAbout(externalUserId);
      const outcomeOf = (userId: string) => events.find((e) => eventFields(e).UserID === userId)?.outcome;
      // The first add created the contact and its lead; the later ones found both.
      expect(outcomeOf('rep1')).toBe('contact created; lead created');
      expect(outcomeOf('rep2')).toBe('contact updated; lead already-linked');
      expect(outcomeOf('rep3')).toBe('contact updated; lead already-linked');
      expect(events.every((e) => e.status === 'done' && e.attempts === 1)).toBe(true);
    }
    const customers = await CustomerModel.find({}, { ownerId: 1 }).lean();
    expect(customers).toHaveLength(12);
    expect(customers.every((c) => String(c.ownerId) === String(rep1!._id))).toBe(true);
  });

  it('when many reps add contacts of new companies and the events are handled in one batch, then each contact has one lead, found by the conflict check, with one ledger entry', async () => {
    const before = await CustomerModel.countDocuments();
    const added: { externalUserId: string; company: string; userId: string }[] = [];
    for (let i = 0; i < 24; i++) {
      const userId = `rep${(i % 3) + 1}`;
      // Four contacts work at one company: whichever event comes first creates it, the others attach.
      const company = i % 6 === 0 ? '同批次联合贸易有限公司' : `批量第${i}号精密机械有限公司`;
      const { externalUserId } = await bed.emulator.addExternalContact({
        userId,
        name: `批量联系人${i}`,
        type: 2,
        corpName: company,
      });
      added.push({ externalUserId, company, userId });
    }
    const processor = new WecomEventProcessor(bed.app.deps, { pollMs: 20, batchSize: 100, concurrency: 32 });
    await processor.worker.runUntilIdle();

    for (const { externalUserId } of added) {
      const [event] = await eventsAbout(externalUserId);
      expect(event?.status).toBe('done');
    }
    const companies = [...new Set(added.map((a) => a.company))];
    const customers = [];
    for (const name of companies) {
      // One customer per company, whichever of its contacts came first.
      const found = await CustomerModel.find({ name }).lean();
      expect(found).toHaveLength(1);
      customers.push(found[0]!);
    }
    expect(await CustomerModel.countDocuments()).toBe(before + companies.length);
    for (const { externalUserId, company } of added) {
      const contact = await ContactModel.findOne({ externalUserId }).lean();
      const customer = customers.find((c) => c.name === company)!;
      expect(String(contact?.customerId)).toBe(String(customer._id));
    }
    for (const customer of customers) {
      const { matches } = await checkConflicts(
        { name: customer.name },
        systemContext(bed.clock.now(), bed.app.deps.config),
      );
      expect(matches.map((m) => String(m.customerId))).toContain(String(customer._id));
      expect(await LedgerEntryModel.countDocuments({ customerId: customer._id, action: 'create' })).toBe(1);
    }
    // Every creators' turn was given back.
    expect(await NamedLockModel.countDocuments()).toBe(0);
    for (const userId of ['rep1', 'rep2', 'rep3']) {
      const rep = await EmployeeModel.findOne({ userId }).lean();
      expect(rep!.privateCount).toBe(await CustomerModel.countDocuments({ ownerId: rep!._id, poolState: 'private' }));
    }
  });

  it("when one rep's burst of new contacts in one batch passes the pool's capacity, then exactly the room left becomes leads and the rep is told once per other contact that the pool is full", async () => {
    const capacity = bed.app.deps.config.poolDefaults.capacity;
    const rep = (await EmployeeModel.findOne({ userId: 'rep2' }).lean())!;
    const owned = await CustomerModel.countDocuments({ ownerId: rep._id, poolState: 'private' });
    // Room for three more: the counter as the reconciler would leave it after that many were held elsewhere.
    await EmployeeModel.updateOne({ _id: rep._id }, { $set: { privateCount: capacity - 3 } });
    const added: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { externalUserId } = await bed.emulator.addExternalContact({
        userId: 'rep2',
        name: `满额联系人${i}`,
        type: 2,
        corpName: `满额测试第${i}号电子有限公司`,
      });
      added.push(externalUserId);
    }
    const processor = new WecomEventProcessor(bed.app.deps, { pollMs: 20, batchSize: 100, concurrency: 32 });
    await processor.worker.runUntilIdle();

    const outcomes = await Promise.all(
      added.map(async (externalUserId) => (await eventsAbout(externalUserId))[0]?.outcome),
    );
    expect(outcomes.filter((o) => o === 'contact created; lead created')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'contact created; lead pool-full')).toHaveLength(7);
    expect((await EmployeeModel.findById(rep._id).lean())!.privateCount).toBe(capacity);
    expect(await CustomerModel.countDocuments({ ownerId: rep._id, poolState: 'private' })).toBe(owned + 3);
    const told = await outbox('wecom-lead', 'rep2');
    expect(told.filter((m) => contentOf(m).includes('私海库容已满'))).toHaveLength(7);
    // Every contact is recorded; the ones without a lead wait for the next sync.
    const contacts = await ContactModel.find({ externalUserId: { $in: added } }, { customerId: 1 }).lean();
    expect(contacts).toHaveLength(10);
    expect(contacts.filter((c) => !c.customerId)).toHaveLength(7);
  });
});
