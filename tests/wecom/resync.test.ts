import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { wecomResyncJob } from '../../server/jobs/wecom-resync.job.js';
import { WecomEventProcessor } from '../../server/wecom/event-processor.js';
import { resyncWecom } from '../../server/wecom/resync/resync.js';
import { useTestDatabase } from '../support/database.js';
import { seedSalesTeam, startWecomTestbed, type WecomTestbed } from '../support/wecom.js';

useTestDatabase();
let bed: WecomTestbed;
beforeAll(async () => {
  bed = await startWecomTestbed();
  await seedSalesTeam(bed, 3);
});
afterAll(() => bed.close());

const resync = (dryRun = false) => resyncWecom(bed.app.deps, { dryRun });

describe('full re-sync', () => {
  it('when callbacks were lost, then the re-sync repairs contacts, leads, ended relations and the org, and says what it fixed', async () => {
    // Known to us through a callback that did arrive.
    const kept = await bed.emulator.addExternalContact({
      userId: 'rep1',
      name: '老客户',
      type: 2,
      corpName: '上海明途智能制造有限公司',
    });
    const dropped = await bed.emulator.addExternalContact({
      userId: 'rep2',
      name: '将流失',
      type: 2,
      corpName: '杭州青禾电子商务有限公司',
    });
    await new WecomEventProcessor(bed.app.deps).worker.runUntilIdle();
    expect(await CustomerModel.countDocuments()).toBe(2);

    // What the server never heard of: three adds, one delete, a new member, a member who left.
    const lost = [];
    for (let i = 0; i < 3; i++) {
      lost.push(
        (
          await bed.emulator.addExternalContact({
            userId: 'rep3',
            name: `漏掉的${i}`,
            type: 2,
            corpName: `漏单客户${i}号有限公司`,
            state: 'booth',
            silent: true,
          })
        ).externalUserId,
      );
    }
    await bed.emulator.deleteExternalContact('rep2', dropped.externalUserId, 'member', { silent: true });
    bed.emulator.addUser({ userid: 'rep9', name: '新同事', department: [10] });
    bed.emulator.state.users.get('rep1')!.status = 5;

    const report = await resync();
    expect(report.organisation.employees).toMatchObject({ created: 1, resigned: 1 });
    expect(report.contacts).toMatchObject({
      relationsAdded: 3,
      relationsEnded: 1,
      contactsCreated: 3,
      leads: { created: 3, attached: 0, poolFull: 0 },
    });
    expect(report.errors).toEqual([]);

    const rep3 = (await EmployeeModel.findOne({ userId: 'rep3' }).lean())!;
    const leads = await CustomerModel.find({ ownerId: rep3._id }).lean();
    expect(leads.map((c) => c.sourceDetail)).toEqual(['booth', 'booth', 'booth']);
    expect(await ContactModel.countDocuments({ externalUserId: { $in: lost }, customerId: { $ne: null } })).toBe(3);
    expect((await ContactModel.findOne({ externalUserId: dropped.externalUserId }).lean())!.lostAt).not.toBeNull();
    expect((await ContactModel.findOne({ externalUserId: kept.externalUserId }).lean())!.lostAt).toBeNull();
    expect(await OutboundMessageModel.countDocuments({ toUserId: 'mgr', kind: 'loss' })).toBe(1);
    expect(await EmployeeModel.findOne({ userId: 'rep9' }).lean()).toMatchObject({ name: '新同事', status: 'active' });
    expect(await EmployeeModel.findOne({ userId: 'rep1' }).lean()).toMatchObject({ status: 'resigned' });

    // Nothing left to repair: a second run changes nothing.
    const again = await wecomResyncJob.run({
      deps: bed.app.deps,
      now: bed.clock.now(),
      dryRun: false,
      log: bed.app.deps.log,
    });
    expect(again).toMatchObject({
      relationsAdded: 0,
      relationsEnded: 0,
      contactsCreated: 0,
      leads: { created: 0, attached: 0, poolFull: 0 },
      errors: 0,
    });
    expect(await CustomerModel.countDocuments()).toBe(5);
  });

  it('when run as a dry run over more relations than one page, then it pages through all and changes nothing', async () => {
    for (let i = 0; i < 101; i++) {
      await bed.emulator.addExternalContact({ userId: 'rep2', name: `批量${i}`, type: 1, silent: true });
    }
    const contacts = await ContactModel.countDocuments();
    const report = await resync(true);
    expect(report.contacts.relationsAdded).toBe(101);
    expect(
      bed.emulator.callsTo('externalcontact/batch/get_by_user').filter((c) => c.body.cursor).length,
    ).toBeGreaterThanOrEqual(1);
    expect(await ContactModel.countDocuments()).toBe(contacts);
  });
});
