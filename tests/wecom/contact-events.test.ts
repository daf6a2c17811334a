import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { DepartmentModel } from '../../models/org/department.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { WecomEventModel } from '../../models/wecom/wecom-event.model.js';
import { WecomEventProcessor } from '../../server/wecom/event-processor.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';
import { seedSalesTeam, startWecomTestbed, type WecomTestbed } from '../support/wecom.js';
import { eventsAbout } from '../support/wecom-events.js';
import { eventFields } from '../../server/wecom/callback/event-fields.js';

useTestDatabase();
let bed: WecomTestbed;
let processor: WecomEventProcessor;

beforeAll(async () => {
  bed = await startWecomTestbed();
  processor = new WecomEventProcessor(bed.app.deps, { pollMs: 20, backoffBaseMs: 60_000, maxAttempts: 3 });
});
afterAll(() => bed.close());
beforeEach(async () => {
  await clearDatabase();
  bed.emulator.state.users.clear();
  bed.emulator.state.contacts.clear();
  bed.emulator.faults.length = 0;
  await seedSalesTeam(bed);
});

const processAll = () => processor.worker.runUntilIdle();
const employee = async (userId: string) => (await EmployeeModel.findOne({ userId }).lean())!;
const messagesTo = async (userId: string) => OutboundMessageModel.find({ toUserId: userId }).lean();

describe('add_external_contact', () => {
  it('when a rep adds a contact of a new company, then it becomes a lead in their private pool with the State as source', async () => {
    const { externalUserId } = await bed.emulator.addExternalContact({
      userId: 'rep1',
      name: '王经理',
      type: 2,
      corpName: '杭州青禾电子商务有限公司',
      state: 'expo-2026',
    });
    await processAll();
    const contact = await ContactModel.findOne({ externalUserId }).lean();
    expect(contact).toMatchObject({
      name: '王经理',
      corpName: '杭州青禾电子商务有限公司',
      followUsers: [{ userId: 'rep1', state: 'expo-2026', removedAt: null }],
    });
    const customer = await CustomerModel.findById(contact!.customerId).lean();
    const rep = await employee('rep1');
    expect(customer).toMatchObject({
      name: '杭州青禾电子商务有限公司',
      poolState: 'private',
      source: 'wecom',
      sourceDetail: 'expo-2026',
      stage: 'lead',
    });
    expect(String(customer!.ownerId)).toBe(String(rep._id));
    expect(rep.privateCount).toBe(1);
    expect(await LedgerEntryModel.countDocuments({ customerId: customer!._id, action: 'create' })).toBe(1);
    expect(await WecomEventModel.findOne().lean()).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('when a WeChat user has no company, then the lead is named after the contact and two such contacts do not collide', async () => {
    await bed.emulator.addExternalContact({ userId: 'rep1', name: '张伟', type: 1 });
    await bed.emulator.addExternalContact({ userId: 'rep1', name: '张伟', type: 1 });
    await processAll();
    const customers = await CustomerModel.find().lean();
    expect(customers).toHaveLength(2);
    expect(customers.every((c) => c.name.startsWith('张伟（企微客户'))).toBe(true);
  });

  it('when a second rep adds a contact of a customer the first rep owns, then it is attached, not taken, and the second rep is told', async () => {
    await bed.emulator.addExternalContact({
      userId: 'rep1',
      name: '王经理',
      type: 2,
      corpName: '北京星河数据科技有限公司',
    });
    await processAll();
    await bed.emulator.addExternalContact({
      userId: 'rep2',
      name: '李总',
      type: 2,
      corpName: '北京星河数据科技有限公司',
    });
    await processAll();
    const customers = await CustomerModel.find().lean();
    expect(customers).toHaveLength(1);
    expect(String(customers[0]!.ownerId)).toBe(String((await employee('rep1'))._id));
    expect(await ContactModel.countDocuments({ customerId: customers[0]!._id })).toBe(2);
    const told = await messagesTo('rep2');
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0]!.payload)).toContain('销售1 跟进');
    expect((await employee('rep2')).privateCount).toBe(0);
  });

  it('when a second rep adds a client of a customer the first rep owns, then the owner is told who added whom, once', async () => {
    await bed.emulator.addExternalContact({
      userId: 'rep1',
      name: '王经理',
      type: 2,
      corpName: '南京紫金数据有限公司',
    });
    await processAll();
    await bed.emulator.addExternalContact({ userId: 'rep2', name: '李总', type: 2, corpName: '南京紫金数据有限公司' });
    await processAll();
    const toOwner = await messagesTo('rep1');
    expect(toOwner).toHaveLength(1);
    expect(JSON.stringify(toOwner[0]!.payload)).toContain(
      '销售2 在企业微信添加了你的客户“南京紫金数据有限公司”的联系人“李总”',
    );
    // The same client (one external contact) added by the second rep too: the owner hears of that as well.
    const { externalUserId } = await bed.emulator.addExternalContact({
      userId: 'rep1',
      name: '赵工',
      type: 2,
      corpName: '南京紫金数据有限公司',
    });
    await processAll();
    await bed.emulator.addExternalContact({
      userId: 'rep2',
      externalUserId,
      type: 2,
      corpName: '南京紫金数据有限公司',
    });
    await processAll();
    await bed.emulator.addExternalContact({
      userId: 'rep2',
      externalUserId,
      type: 2,
      corpName: '南京紫金数据有限公司',
    });
    await processAll();
    const later = (await messagesTo('rep1')).map((m) => JSON.stringify(m.payload));
    expect(later).toHaveLength(2);
    expect(later[1]).toContain('销售2 在企业微信添加了你的客户“南京紫金数据有限公司”的联系人“赵工”');
    expect((await CustomerModel.find().lean()).map((c) => String(c.ownerId))).toEqual([
      String((await employee('rep1'))._id),
    ]);
  });

  it('when three reps add contacts of the same new company at the same moment, then there is one customer, the others are told and so is its owner', async () => {
    await Promise.all(
      ['rep1', 'rep2', 'rep3'].map((userId, i) =>
        bed.emulator.addExternalContact({ userId, name: `联系人${i}`, type: 2, corpName: '深圳云帆网络科技有限公司' }),
      ),
    );
    await processAll();
    const customers = await CustomerModel.find().lean();
    expect(customers).toHaveLength(1);
    expect(await ContactModel.countDocuments({ customerId: customers[0]!._id })).toBe(3);
    // The two who came second hear whose customer it is; its owner hears of each of them.
    const owner = await EmployeeModel.findById(customers[0]!.ownerId).lean();
    const messages = await OutboundMessageModel.find({ kind: 'wecom-lead' }).lean();
    expect(messages.filter((m) => m.toUserId !== owner!.userId)).toHaveLength(2);
    expect(messages.filter((m) => m.toUserId === owner!.userId)).toHaveLength(2);
  });

  it("when the rep's pool is full, then the contact is still recorded and the rep is told", async () => {
    await EmployeeModel.updateOne({ userId: 'rep1' }, { $set: { privateCount: 50 } });
    const { externalUserId } = await bed.emulator.addExternalContact({
      userId: 'rep1',
      name: '赵总',
      type: 2,
      corpName: '成都锦程软件有限公司',
    });
    await processAll();
    expect(await ContactModel.findOne({ externalUserId }).lean()).toMatchObject({ name: '赵总', customerId: null });
    expect(await CustomerModel.countDocuments()).toBe(0);
    expect(JSON.stringify((await messagesTo('rep1'))[0]!.payload)).toContain('库容已满');
  });

  it('when a rep with room for two adds five contacts of new companies handled together, then two become leads and the other three reps are told the pool is full', async () => {
    await EmployeeModel.updateOne({ userId: 'rep1' }, { $set: { privateCount: 48 } });
    for (let i = 0; i < 5; i++) {
      await bed.emulator.addExternalContact({
        userId: 'rep1',
        name: `同时${i}`,
        type: 2,
        corpName: `同时添加${i}号有限公司`,
      });
    }
    await processAll();
    const rep = await employee('rep1');
    expect(await CustomerModel.countDocuments({ ownerId: rep._id, poolState: 'private' })).toBe(2);
    expect(await CustomerModel.countDocuments()).toBe(2);
    expect(rep.privateCount).toBe(50);
    expect(await ContactModel.countDocuments({ customerId: null })).toBe(3);
    const full = (await messagesTo('rep1')).filter((m) => JSON.stringify(m.payload).includes('库容已满'));
    expect(full).toHaveLength(3);
  });

  it('when the same add is delivered three times, then one contact, one lead and one ledger entry exist', async () => {
    const { externalUserId } = await bed.emulator.addExternalContact({
      userId: 'rep1',
      name: '钱总',
      type: 2,
      corpName: '苏州恒远新材料股份有限公司',
    });
    const stored = await WecomEventModel.findOne().lean();
    await bed.emulator.postEvent(eventFields(stored!) as Record<string, string>);
    await bed.emulator.postEvent(eventFields(stored!) as Record<string, string>);
    await processAll();
    expect(await WecomEventModel.countDocuments()).toBe(1);
    expect(await ContactModel.countDocuments({ externalUserId })).toBe(1);
    expect(await CustomerModel.countDocuments()).toBe(1);
    expect(await LedgerEntryModel.countDocuments({ action: 'create' })).toBe(1);
    expect(
      bed.emulator.callsTo('externalcontact/get').filter((c) => c.query.external_userid === externalUserId),
    ).toHaveLength(1);
  });
});

describe('edits and losses', () => {
  it('when a rep edits the remark, then our copy is refreshed', async () => {
    const { externalUserId } = await bed.emulator.addExternalContact({ userId: 'rep1', name: '孙总', type: 1 });
    await bed.emulator.editExternalContact('rep1', externalUserId, {
      remark: '孙总-采购负责人',
      remarkMobiles: ['13800138000'],
    });
    await processAll();
    const contact = await ContactModel.findOne({ externalUserId }).lean();
    expect(contact!.followUsers[0]!.remark).toBe('孙总-采购负责人');
    expect(contact!.phones).toContain('13800138000');
  });

  it("when the customer deletes the rep, then the loss is recorded and the rep's manager is told", async () => {
    const { externalUserId } = await bed.emulator.addExternalContact({
      userId: 'rep1',
      name: '周总',
      type: 2,
      corpName: '南京天衡医疗器械有限公司',
    });
    await processAll();
    bed.clock.advance(60_000);
    await bed.emulator.deleteExternalContact('rep1', externalUserId, 'customer');
    await processAll();
    const contact = await ContactModel.findOne({ externalUserId }).lean();
    expect(contact!.followUsers[0]).toMatchObject({ removedBy: 'customer' });
    expect(contact!.lostAt).toEqual(bed.clock.now());
    const told = await messagesTo('mgr');
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0]!.payload)).toContain('客户删除了 销售1');
  });

  it('when a refresh already saw the relation gone before the delete event is handled, then the delete still records why and the manager is told', async () => {
    const { externalUserId } = await bed.emulator.addExternalContact({ userId: 'rep1', name: '郑总', type: 1 });
    await bed.emulator.addExternalContact({ userId: 'rep2', externalUserId, name: '郑总', type: 1 });
    await processAll();
    await bed.emulator.deleteExternalContact('rep1', externalUserId, 'member', { silent: true });
    await bed.emulator.editExternalContact('rep2', externalUserId, { remark: '郑总（转介绍）' });
    await bed.emulator.postEvent({
      Event: 'change_external_contact',
      ChangeType: 'del_external_contact',
      UserID: 'rep1',
      ExternalUserID: externalUserId,
      Source: '',
    });
    await processAll();
    const contact = await ContactModel.findOne({ externalUserId }).lean();
    expect(contact!.followUsers.find((f) => f.userId === 'rep1')).toMatchObject({ removedBy: 'member' });
    expect(contact!.lostAt).toBeNull();
    expect(JSON.stringify((await messagesTo('mgr'))[0]?.payload)).toContain('销售1 删除了该客户');
  });

  it('when WeCom removes the customer because of 在职继承 (DELETE_BY_TRANSFER), then it is a handover, not a loss', async () => {
    const { externalUserId } = await bed.emulator.addExternalContact({ userId: 'rep1', name: '吴总', type: 1 });
    await processAll();
    await bed.emulator.postEvent({
      Event: 'change_external_contact',
      ChangeType: 'del_external_contact',
      UserID: 'rep1',
      ExternalUserID: externalUserId,
      Source: 'DELETE_BY_TRANSFER',
    });
    await processAll();
    expect((await ContactModel.findOne({ externalUserId }).lean())!.followUsers[0]).toMatchObject({
      removedBy: 'transfer',
    });
    expect(await messagesTo('mgr')).toHaveLength(0);
  });
});

describe('change_contact', () => {
  it('when members and departments change in WeCom, then employees and departments follow', async () => {
    await bed.emulator.postEvent({
      Event: 'change_contact',
      ChangeType: 'create_party',
      Id: 30,
      Name: '大客户组',
      ParentId: 1,
      Order: 3,
    });
    bed.emulator.addUser({ userid: 'newbie', name: '新人小林', department: [30], is_leader_in_dept: [1] });
    await bed.emulator.postEvent({
      Event: 'change_contact',
      ChangeType: 'create_user',
      UserID: 'newbie',
      Name: '新人小林',
      Department: '30',
      MainDepartment: 30,
      IsLeaderInDept: '1',
    });
    await bed.emulator.postEvent({
      Event: 'change_contact',
      ChangeType: 'update_user',
      UserID: 'rep2',
      NewUserID: 'rep2b',
      Position: '高级销售',
    });
    await processAll();
    expect(await DepartmentModel.findOne({ deptId: 30 }).lean()).toMatchObject({ name: '大客户组', parentId: 1 });
    expect(await employee('newbie')).toMatchObject({
      name: '新人小林',
      mainDepartmentId: 30,
      leaderOfDepartmentIds: [30],
      role: 'manager',
    });
    expect(await employee('rep2b')).toMatchObject({ name: '销售2', position: '高级销售' });
  });

  it('when a member leaves, then the employee is resigned and ops hear how many customers await handover', async () => {
    await bed.emulator.addExternalContact({
      userId: 'rep3',
      name: '冯总',
      type: 2,
      corpName: '广州瑞丰供应链管理有限公司',
    });
    await processAll();
    await bed.emulator.resignUser('rep3');
    await processAll();
    expect(await employee('rep3')).toMatchObject({ status: 'resigned' });
    const told = await messagesTo('ops1');
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0]!.payload)).toContain('名下 1 个私海客户待交接');
  });
});

describe('failures', () => {
  it('when WeCom keeps failing for one event, then it is retried with backoff, parked as failed, and the others go through', async () => {
    const bad = await bed.emulator.addExternalContact({ userId: 'rep1', name: '坏事件', type: 1, silent: true });
    bed.emulator.injectFault({
      api: 'externalcontact/get',
      kind: '5xx',
      times: 1000,
      when: (query) => query.external_userid === bad.externalUserId,
    });
    await bed.emulator.postEvent({
      Event: 'change_external_contact',
      ChangeType: 'add_external_contact',
      UserID: 'rep1',
      ExternalUserID: bad.externalUserId,
      State: '',
    });
    const good = await bed.emulator.addExternalContact({ userId: 'rep2', name: '好事件', type: 1 });
    await processAll();
    expect((await eventsAbout(bad.externalUserId))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await eventsAbout(good.externalUserId))[0]).toMatchObject({
      status: 'done',
      attempts: 1,
    });
    expect(await ContactModel.findOne({ externalUserId: good.externalUserId }).lean()).not.toBeNull();

    await processAll(); // backoff: not due again yet
    expect((await eventsAbout(bad.externalUserId))[0]).toMatchObject({ attempts: 1 });
    for (let i = 0; i < 2; i++) {
      bed.clock.advance(3 * 3600_000);
      await processAll();
    }
    const [parked] = await eventsAbout(bad.externalUserId);
    expect(parked).toMatchObject({ status: 'failed', attempts: 3 });
    expect(parked!.lastError).toContain('WECOM_UNAVAILABLE');
  });
});
