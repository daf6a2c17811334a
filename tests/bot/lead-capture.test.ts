import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatLeadModel } from '../../models/leads/chat-lead.model.js';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import type { Employee } from '../../models/org/employee.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { recordWecomLead } from '../../models/leads/wecom-lead.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee } from '../support/factories.js';

useTestDatabase();

const now = new Date('2026-03-02T02:00:00Z');
let rep: Employee;
let t: TestBot;

async function counts() {
  return {
    customers: await CustomerModel.countDocuments({}),
    contacts: await ContactModel.countDocuments({}),
    creates: await LedgerEntryModel.countDocuments({ action: 'create' }),
    notices: await OutboundMessageModel.countDocuments({}),
    leads: await ChatLeadModel.countDocuments({}),
  };
}

describe("a rep's own account (BOT_ACCOUNT=rep): private client chats become the rep's leads", () => {
  beforeEach(async () => {
    await clearDatabase();
    rep = await makeEmployee({ userId: 'lisi', name: '李四' });
    t = await startTestBot({ BOT_ACCOUNT: 'rep', BOT_ACCOUNT_USER_ID: 'lisi' });
  });
  afterEach(() => t.stop());

  it('when a new client sends a first message, then exactly one lead is created for that rep and the rep is told', async () => {
    const client = t.client({ name: '王总', handle: 'wmWangZong0001' });

    await t.say(client, '你好，想了解一下你们的产品');

    const customers = await CustomerModel.find({}).lean();
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ poolState: 'private', source: 'chat', stage: 'lead' });
    expect(String(customers[0]!.ownerId)).toBe(String(rep._id));
    const contact = await ContactModel.findOne({ externalUserId: 'wmWangZong0001' }).lean();
    expect(contact).toMatchObject({ name: '王总' });
    expect(String(contact!.customerId)).toBe(String(customers[0]!._id));
    expect(contact!.followUsers.map((f) => f.userId)).toEqual(['lisi']);
    const notice = await OutboundMessageModel.findOne({ toUserId: 'lisi' }).lean();
    expect(notice).toMatchObject({ kind: 'lead', channel: 'wecom' });
    expect(JSON.stringify(notice!.payload)).toContain('王总');
    // The client hears nothing from the bot.
    expect(t.sentTo(client)).toEqual([]);
  });

  it('when the client sends ten more messages, one by one and then all at once, then nothing more is created', async () => {
    const client = t.client({ name: '赵经理', handle: 'wmZhao00000001' });
    await t.say(client, '在吗');
    const first = await counts();

    for (let i = 0; i < 10; i++) {
      await t.say(client, `第 ${i} 条消息`);
    }
    await t.sayAll(
      client,
      Array.from({ length: 10 }, (_, i) => `同时发的第 ${i} 条`),
    );

    expect(first).toEqual({ customers: 1, contacts: 1, creates: 1, notices: 1, leads: 1 });
    expect(await counts()).toEqual(first);
  });

  it("when a new client's first messages arrive all at once, then still exactly one lead is created", async () => {
    const client = t.client({ name: '钱总', handle: 'wmQian00000001', corporation: '杭州钱塘数据有限公司' });

    await t.sayAll(
      client,
      Array.from({ length: 10 }, (_, i) => `消息 ${i}`),
    );

    expect(await counts()).toEqual({ customers: 1, contacts: 1, creates: 1, notices: 1, leads: 1 });
    expect((await CustomerModel.findOne({}).lean())?.name).toBe('杭州钱塘数据有限公司');
  });

  it('when two clients of one new company write at the same moment, then one customer is created and both contacts belong to it', async () => {
    const first = t.client({ name: '甲', handle: 'wmSameCo000001', corporation: '苏州同舟科技有限公司' });
    const second = t.client({ name: '乙', handle: 'wmSameCo000002', corporation: '苏州同舟科技有限公司' });

    let pending = 2;
    const received = new Promise<void>((resolve) => {
      t.bot.on('message', () => {
        if (--pending === 0) resolve();
      });
    });
    first.say('你好').to(t.self);
    second.say('你好').to(t.self);
    await received;
    await t.settle();

    const customers = await CustomerModel.find({}).lean();
    expect(customers).toHaveLength(1);
    const contacts = await ContactModel.find({}).lean();
    expect(contacts.map((c) => String(c.customerId))).toEqual([String(customers[0]!._id), String(customers[0]!._id)]);
  });

  it('when a client of a company another rep owns chats, then the rep is told who owns it and no customer is created', async () => {
    const owner = await makeEmployee({ userId: 'wangwu', name: '王五' });
    const owned = await createCustomer(
      { customer: { name: '北京字节跳动科技有限公司' }, into: 'private' },
      employeeContext(owner, now),
    );
    const client = t.client({ name: '张总', handle: 'wmZhang0000001', corporation: '北京字节跳动科技有限公司' });

    await t.say(client, '你好');

    expect(await CustomerModel.countDocuments({})).toBe(1);
    const after = await CustomerModel.findById(owned._id).lean();
    expect(String(after!.ownerId)).toBe(String(owner._id));
    expect(after!.version).toBe(owned.version);
    const notice = await OutboundMessageModel.findOne({ toUserId: 'lisi' }).lean();
    expect(notice).toMatchObject({ kind: 'conflict' });
    const text = JSON.stringify(notice!.payload);
    expect(text).toContain('王五');
    expect(text).toContain('北京字节跳动科技有限公司');
    expect(text).toContain('申诉');
    // The contact is known as a person of that company, for whoever follows it.
    expect(String((await ContactModel.findOne({ externalUserId: 'wmZhang0000001' }).lean())!.customerId)).toBe(
      String(owned._id),
    );
    expect((await ChatLeadModel.findOne({}).lean())?.outcome).toBe('owned-by-other');
  });

  it('when a client of a public-pool company chats, then the contact is attached and the rep is pointed to 认领', async () => {
    const pub = await createCustomer(
      { customer: { name: '上海云图信息技术有限公司' }, into: 'public' },
      employeeContext(rep, now),
    );
    const client = t.client({ name: '孙经理', handle: 'wmSun000000001', corporation: '上海云图信息技术有限公司' });

    await t.say(client, '你好');

    expect(await CustomerModel.countDocuments({})).toBe(1);
    expect((await CustomerModel.findById(pub._id).lean())?.poolState).toBe('public');
    const notice = await OutboundMessageModel.findOne({ toUserId: 'lisi' }).lean();
    expect(JSON.stringify(notice!.payload)).toContain('认领 上海云图信息技术有限公司');
  });

  it("when the rep's private pool is full, then the lead waits in the public pool and the rep is told", async () => {
    await t.stop();
    t = await startTestBot({ BOT_ACCOUNT: 'rep', BOT_ACCOUNT_USER_ID: 'lisi', POOL_CAPACITY: '1' });
    await createCustomer(
      { customer: { name: '已有客户有限公司' }, into: 'private' },
      employeeContext(rep, now, t.config),
    );
    const client = t.client({ name: '周总', handle: 'wmZhou00000001', corporation: '深圳周氏贸易有限公司' });

    await t.say(client, '你好');

    const lead = await CustomerModel.findOne({ name: '深圳周氏贸易有限公司' }).lean();
    expect(lead?.poolState).toBe('public');
    const notice = await OutboundMessageModel.findOne({ toUserId: 'lisi' }).lean();
    expect(JSON.stringify(notice!.payload)).toContain('私海已满');
  });

  it("when a WeCom add event already made the client the rep's lead, then their chat attaches to it and creates nothing", async () => {
    const contact = (await ContactModel.create({ externalUserId: 'wmEvent0000001', name: '韩总' })).toObject();
    const snapshot = {
      externalUserId: 'wmEvent0000001',
      name: '韩总',
      type: 1,
      unionId: undefined,
      corpName: '',
      position: '',
      followUsers: [],
    };
    await recordWecomLead(
      { contact, snapshot, rep, state: 'qr-expo', messageKey: 'event-1' },
      employeeContext(rep, now),
    );
    const client = t.client({ name: '韩总', handle: 'wmEvent0000001' });

    await t.say(client, '你好');

    expect(await CustomerModel.countDocuments({})).toBe(1);
    expect((await ChatLeadModel.findOne({}).lean())?.outcome).toBe('attached-own');
    expect(await OutboundMessageModel.countDocuments({ toUserId: 'lisi' })).toBe(0);
  });

  it('when the rep writes to a client first, then that conversation becomes a lead too', async () => {
    const client = t.client({ name: '吴总', handle: 'wmWu0000000001' });

    const received = new Promise((resolve) => t.bot.once('message', resolve));
    t.self.say('吴总您好，我是李四').to(client);
    await received;
    await t.settle();

    expect(await CustomerModel.countDocuments({ ownerId: rep._id })).toBe(1);
  });

  it("when a client becomes a friend, then the new friend is the rep's lead", async () => {
    const client = t.client({ name: '郑总', handle: 'wmZheng0000001', corporation: '成都郑记餐饮管理有限公司' });

    await t.befriend(client);

    const lead = await CustomerModel.findOne({ name: '成都郑记餐饮管理有限公司' }).lean();
    expect(lead).toMatchObject({ poolState: 'private', source: 'wecom' });
    expect(String(lead!.ownerId)).toBe(String(rep._id));
  });
});

describe('a CRM assistant account (BOT_ACCOUNT=assistant): customer groups', () => {
  beforeEach(async () => {
    await clearDatabase();
    rep = await makeEmployee({ userId: 'zhangsan', name: '张三' });
    t = await startTestBot({ BOT_ACCOUNT: 'assistant' });
  });
  afterEach(() => t.stop());

  it('when a client joins a customer group, then the lead goes to the group owner, not to the assistant', async () => {
    const owner = t.colleague('zhangsan', '张三');
    const room = t.mocker.createRoom({
      id: 'group1@chatroom',
      topic: '张三的客户群',
      memberIdList: [t.self.id, owner.id],
      ownerId: owner.id,
    });
    const client = t.client({ name: '冯总', handle: 'wmFeng00000001', corporation: '南京冯氏科技有限公司' });

    const joined = new Promise((resolve) => t.bot.once('room-join', resolve));
    room.add(client).by(owner);
    await joined;
    await t.settle();
    // Talking in the group afterwards changes nothing.
    await t.say(client, '大家好', room);

    const leads = await CustomerModel.find({}).lean();
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ name: '南京冯氏科技有限公司', poolState: 'private', source: 'group' });
    expect(String(leads[0]!.ownerId)).toBe(String(rep._id));
    expect(t.sentTo(room)).toEqual([]);
  });

  it('when clients whose company is unknown chat privately with the assistant, then public leads are created under names unique to each', async () => {
    const wecomClient = t.client({ name: '陈先生', handle: 'wmChen00000001' });
    // A contact the puppet gives no external_userid for (another puppet, or a WeChat friend).
    const namesake = t.client({ name: '陈先生', handle: 'wxid_chen' });

    await t.say(wecomClient, '你好');
    await t.say(namesake, '你好');

    const leads = await CustomerModel.find({}).lean();
    expect(leads.map((l) => l.poolState)).toEqual(['public', 'public']);
    const names = leads.map((l) => l.name);
    // Named as a lead from the WeCom add event would be, so both ways of meeting the contact agree.
    expect(names).toContain('陈先生（企微客户 000001）');
    expect(names.find((n) => !n.includes('企微客户'))).toMatch(/^陈先生（公司待补全 #[0-9a-f]{6}）$/);
    expect(await OutboundMessageModel.countDocuments({})).toBe(0);
  });
});
